package io.streamcast.eval.nab;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The corpora the tests score: five NAB files bundled as resources, and the shared 44-file subset. */
final class NabTestCorpora {

    /** The shared subset, beside the checkout as the project lays it out. */
    static final Path SHARED = Path.of("..", "shared", "nab");

    static final String REFERENCE_DETECTOR = "numenta";

    private NabTestCorpora() {
    }

    static Path bundled() {
        try {
            return Path.of(NabTestCorpora.class.getResource("/nab/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean sharedExists() {
        return Files.isRegularFile(SHARED.resolve(NabCorpus.WINDOWS_FILE));
    }

    /** Where the reference detections sit: {@code <root>/reference/numenta/...}, NAB's results layout. */
    static Path referenceResults(Path corpusRoot) {
        return corpusRoot.resolve("reference");
    }

    /** A row of NAB's official {@code numenta_<profile>_scores.csv}. */
    record OfficialRow(String profile, String file, double threshold, double score, int tp, int tn, int fp, int fn,
                       int total) {
    }

    static List<OfficialRow> officialScores(Path corpusRoot, String profile) throws IOException {
        Path csv = referenceResults(corpusRoot).resolve(REFERENCE_DETECTOR)
                .resolve(REFERENCE_DETECTOR + "_" + profile + "_scores.csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (!lines.get(0).equals(NabScoresCsv.HEADER)) {
            throw new IllegalStateException(csv + " has an unexpected header " + lines.get(0));
        }
        return lines.stream().skip(1).filter(l -> !l.isBlank() && !l.startsWith("Totals")).map(l -> {
            String[] f = l.split(",");
            return new OfficialRow(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]),
                    Integer.parseInt(f[9]));
        }).toList();
    }
}
