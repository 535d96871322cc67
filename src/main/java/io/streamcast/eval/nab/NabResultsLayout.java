package io.streamcast.eval.nab;

import java.nio.file.Path;

/**
 * Where NAB keeps a detector's results: {@code <results>/<detector>/<category>/<detector>_<file>.csv}, each
 * with the columns {@code timestamp,value,anomaly_score,label}.
 */
public final class NabResultsLayout {

    public static final String HEADER = "timestamp,value,anomaly_score,label";

    private NabResultsLayout() {
    }

    /** The result file of {@code detector} for one corpus file. */
    public static Path resultFile(Path resultsRoot, String detector, NabDataFile file) {
        return resultsRoot.resolve(detector).resolve(file.category()).resolve(detector + "_" + file.name());
    }
}
