package io.streamcast.eval.nab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * NAB's per-profile score file, {@code <detector>_<profile>_scores.csv}: one row per data file and a final
 * {@code Totals} row, with the columns {@code Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count}.
 */
public final class NabScoresCsv {

    public static final String HEADER = "Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count";

    private NabScoresCsv() {
    }

    /** The file's lines, header first, {@code Totals} last. */
    public static List<String> lines(String detector, ProfileScore profile) {
        List<String> lines = new ArrayList<>(profile.files().size() + 2);
        lines.add(HEADER);
        String name = profile.profile().name();
        double totalScore = 0;
        int total = 0;
        for (FileScore f : profile.files()) {
            lines.add(String.join(",", detector, name, f.file(), Double.toString(f.threshold()),
                    Double.toString(f.score()), Integer.toString(f.tp()), Integer.toString(f.tn()),
                    Integer.toString(f.fp()), Integer.toString(f.fn()), Integer.toString(f.total())));
            totalScore += f.score();
            total += f.total();
        }
        lines.add(String.join(",", "Totals", "", "", "", Double.toString(totalScore),
                Integer.toString(profile.tp()), Integer.toString(profile.tn()), Integer.toString(profile.fp()),
                Integer.toString(profile.fn()), Integer.toString(total)));
        return lines;
    }

    /** Writes one score file per profile into {@code dir} and returns their paths. */
    public static List<Path> write(Path dir, NabReport report) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (ProfileScore profile : report.profiles()) {
            Path file = dir.resolve(report.detector() + "_" + profile.profile().name() + "_scores.csv");
            Files.write(file, lines(report.detector(), profile), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }
}
