package io.streamcast.stream;

import io.streamcast.training.TrainingRound;
import io.streamcast.schema.TrainingRoundReport;
import java.time.Instant;
import java.util.Locale;

/** Builds the report the trainer writes to the training-rounds topic after each round. */
final class RoundReports {

    static final String FAILED = "failed";
    /**
     * The most characters of a failed round's error a report keeps: the report is kept in the trainer's outcome store
     * with the round's end, and an error of any length (a message quoting a whole input, say) could make that record
     * too large for its changelog, which would abort the round's end with it.
     */
    static final int MAX_ERROR_CHARS = 2_000;

    private RoundReports() {
    }

    /** A round that ran to a verdict; {@code publishedVersion} is 0 unless the candidate was published. */
    static TrainingRoundReport finished(String model, long startedAt, int keys, long referenceVersion,
                                        TrainingRound.Outcome outcome, long publishedVersion) {
        return base(model, startedAt, outcome.durationMillis(), outcome.samples(), keys, referenceVersion)
                .setVerdict(verdict(outcome.verdict()))
                .setTrainLoss(outcome.trainLoss())
                .setCandidateLoss(outcome.candidateLoss())
                .setReferenceLoss(outcome.referenceLoss())
                .setPublishedVersion(publishedVersion)
                .build();
    }

    /** A round that ended with an error instead of a verdict. */
    static TrainingRoundReport failed(String model, long startedAt, long durationMillis, int windows, int keys,
                                      long referenceVersion, Throwable error) {
        return base(model, startedAt, durationMillis, windows, keys, referenceVersion)
                .setVerdict(FAILED)
                .setTrainLoss(Double.NaN)
                .setCandidateLoss(Double.NaN)
                .setReferenceLoss(Double.NaN)
                .setPublishedVersion(0)
                .setError(shortened(String.valueOf(error)))
                .build();
    }

    /** {@code text}, cut to {@link #MAX_ERROR_CHARS} with an ellipsis, never between the halves of a surrogate pair. */
    static String shortened(String text) {
        if (text.length() <= MAX_ERROR_CHARS) {
            return text;
        }
        int end = MAX_ERROR_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    /** A verdict as the metrics and the round reports name it. */
    static String verdict(TrainingRound.Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }

    private static TrainingRoundReport.Builder base(String model, long startedAt, long durationMillis, int windows,
                                                   int keys, long referenceVersion) {
        return TrainingRoundReport.newBuilder()
                .setModelName(model)
                .setStartedAt(Instant.ofEpochMilli(startedAt))
                .setDurationMs(durationMillis)
                .setWindows(windows)
                .setKeys(keys)
                .setReferenceVersion(referenceVersion);
    }
}
