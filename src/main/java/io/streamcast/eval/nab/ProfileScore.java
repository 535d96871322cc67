package io.streamcast.eval.nab;

import java.util.List;

/**
 * A detector's result under one profile: the corpus-wide threshold, the raw score (the sum over files), the
 * null and perfect raw scores that anchor the normalised score, and the per-file rows.
 */
public record ProfileScore(CostProfile profile, double threshold, double rawScore, double nullScore,
                           double perfectScore, List<FileScore> files) {

    public ProfileScore {
        files = List.copyOf(files);
    }

    /** NAB's final score: 0 for the null detector, 100 for the perfect one. */
    public double normalisedScore() {
        return 100 * (rawScore - nullScore) / (perfectScore - nullScore);
    }

    public int tp() {
        return files.stream().mapToInt(FileScore::tp).sum();
    }

    public int tn() {
        return files.stream().mapToInt(FileScore::tn).sum();
    }

    public int fp() {
        return files.stream().mapToInt(FileScore::fp).sum();
    }

    public int fn() {
        return files.stream().mapToInt(FileScore::fn).sum();
    }
}
