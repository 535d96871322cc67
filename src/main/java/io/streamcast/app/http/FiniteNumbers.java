package io.streamcast.app.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers as the JSON answers write them: one that is not finite as null. JSON has no NaN or infinity, and Jackson
 * would write them as the strings "NaN" and "Infinity", which a client that expects a number reads as text.
 */
final class FiniteNumbers {

    private FiniteNumbers() {
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static Double finite(Double value) {
        return value == null ? null : finite(value.doubleValue());
    }

    static Double[] finite(double[] values) {
        return Arrays.stream(values).mapToObj(value -> finite(value)).toArray(Double[]::new);
    }

    static Double[][] finite(double[][] values) {
        return Arrays.stream(values).map(row -> finite(row)).toArray(Double[][]::new);
    }

    static Double[][] finite(Double[][] values) {
        return Arrays.stream(values).map(row -> Arrays.stream(row).map(value -> finite(value)).toArray(Double[]::new))
                .toArray(Double[][]::new);
    }

    /** {@code values} with each array's numbers finite or null, in the same order. */
    static Map<String, Double[][]> finite(Map<String, Double[][]> values) {
        Map<String, Double[][]> finite = new LinkedHashMap<>();
        values.forEach((name, byStep) -> finite.put(name, byStep == null ? null : finite(byStep)));
        return finite;
    }
}
