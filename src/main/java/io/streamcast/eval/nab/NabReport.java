package io.streamcast.eval.nab;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A detector's NAB scores under every profile. */
public record NabReport(String detector, int fileCount, int windowCount, List<ProfileScore> profiles) {

    public NabReport {
        profiles = List.copyOf(profiles);
    }

    public Optional<ProfileScore> profile(String name) {
        return profiles.stream().filter(p -> p.profile().name().equals(name)).findFirst();
    }

    /** One line, e.g. {@code nab standard=70.10 reward_low_FP_rate=63.12 reward_low_FN_rate=74.32}. */
    public String summaryLine() {
        return profiles.stream()
                .map(p -> String.format(Locale.ROOT, "%s=%.2f", p.profile().name(), p.normalisedScore()))
                .collect(Collectors.joining(" ", "nab ", ""));
    }

    /** A fixed-width table, one row per profile. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "detector %s: %d files, %d labelled windows%n", detector, fileCount,
                windowCount));
        out.append(String.format(Locale.ROOT, "%-20s %14s %12s %10s %10s %10s %6s %8s %6s %7s%n", "profile",
                "threshold", "raw score", "null", "perfect", "normalised", "TP", "TN", "FP", "FN"));
        for (ProfileScore p : profiles) {
            out.append(String.format(Locale.ROOT, "%-20s %14.12f %12.6f %10.4f %10.4f %10.4f %6d %8d %6d %7d%n",
                    p.profile().name(), p.threshold(), p.rawScore(), p.nullScore(), p.perfectScore(),
                    p.normalisedScore(), p.tp(), p.tn(), p.fp(), p.fn()));
        }
        if (windowCount == 0) {
            // a corpus of the user's own, none of whose files holds an anomaly: the NaN would be left unexplained
            out.append("no labelled windows: NAB normalises a score between the null detector's and the perfect"
                    + " one's, both 0 here, so the normalised scores are undefined (NaN); the raw score counts the"
                    + " false alarms' cost alone").append(System.lineSeparator());
        }
        return out.toString();
    }
}
