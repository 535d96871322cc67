package io.streamcast.predict;

import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ValueTransform;
import java.util.Arrays;
import java.util.List;

/**
 * What a model reads and what it forecasts: the event's value dimension, which of those values it forecasts and
 * how many events ahead, the calendar features derived from the event time, and the per-key transform and
 * scaling of the values.
 */
public record InputSpec(int valueDimension, int[] forecastIndices, int horizon,
                        List<CalendarFeature> calendarFeatures, double scalerDecay, ValueTransform transform) {

    /** A spec that feeds the values untransformed. */
    public InputSpec(int valueDimension, int[] forecastIndices, int horizon, List<CalendarFeature> calendarFeatures,
                     double scalerDecay) {
        this(valueDimension, forecastIndices, horizon, calendarFeatures, scalerDecay, ValueTransform.NONE);
    }

    public InputSpec {
        java.util.Objects.requireNonNull(transform, "transform");
        if (valueDimension < 1) {
            throw new IllegalArgumentException("value dimension must be at least 1, got " + valueDimension);
        }
        if (forecastIndices.length == 0) {
            throw new IllegalArgumentException("at least one value must be forecast");
        }
        for (int index : forecastIndices) {
            if (index < 0 || index >= valueDimension) {
                throw new IllegalArgumentException("forecast index " + index + " outside the " + valueDimension
                        + " event values");
            }
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        if (!(scalerDecay > 0 && scalerDecay <= 1)) {
            throw new IllegalArgumentException("scaler decay must be in (0, 1], got " + scalerDecay);
        }
        forecastIndices = forecastIndices.clone();
        calendarFeatures = List.copyOf(calendarFeatures);
    }

    /** Forecasts every value of the event. */
    public static int[] allIndices(int valueDimension) {
        int[] all = new int[valueDimension];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Override
    public int[] forecastIndices() {
        return forecastIndices.clone();
    }

    public int forecastIndex(int j) {
        return forecastIndices[j];
    }

    public int forecastCount() {
        return forecastIndices.length;
    }

    /** Inputs per step: the scaled values, then (sin, cos) per calendar feature. */
    public int inputSize() {
        return valueDimension + 2 * calendarFeatures.size();
    }

    /** Outputs per step: {@code horizon} rows of forecast values. */
    public int outputSize() {
        return horizon * forecastIndices.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec other
                && valueDimension == other.valueDimension
                && Arrays.equals(forecastIndices, other.forecastIndices)
                && horizon == other.horizon
                && calendarFeatures.equals(other.calendarFeatures)
                && Double.compare(scalerDecay, other.scalerDecay) == 0
                && transform == other.transform;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * valueDimension + Arrays.hashCode(forecastIndices)) + horizon)
                + calendarFeatures.hashCode() + transform.hashCode();
    }

    @Override
    public String toString() {
        return "InputSpec[values=" + valueDimension + ", forecast=" + Arrays.toString(forecastIndices)
                + ", horizon=" + horizon + ", calendar=" + calendarFeatures + ", scalerDecay=" + scalerDecay
                + ", transform=" + transform + "]";
    }
}
