package io.streamcast.predict;

import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ValueTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a model reads and what it forecasts: the event's value dimension, which of those values it forecasts and
 * how many events ahead, the calendar features derived from the event time, the per-key transform and scaling of
 * the values, and whether the model also forecasts the spread of its errors.
 *
 * <p>The value dimension, forecast indices, horizon and scaler decay are the application's configured shape,
 * shared by every model it uses ({@link #sameShape}); the calendar features, transform and spread head may differ
 * from model to model, as the trainer chooses them from the data.
 *
 * @param spread whether the network has a spread head: after the forecasts, the log standard deviation of each
 *               forecast's error, in scaled units (see {@link io.streamcast.lstm.LstmTrainer})
 */
public record InputSpec(int valueDimension, int[] forecastIndices, int horizon,
                        List<CalendarFeature> calendarFeatures, double scalerDecay, ValueTransform transform,
                        boolean spread) {

    /** A spec that feeds the values untransformed, without a spread head. */
    public InputSpec(int valueDimension, int[] forecastIndices, int horizon, List<CalendarFeature> calendarFeatures,
                     double scalerDecay) {
        this(valueDimension, forecastIndices, horizon, calendarFeatures, scalerDecay, ValueTransform.NONE, false);
    }

    /** A spec without a spread head. */
    public InputSpec(int valueDimension, int[] forecastIndices, int horizon, List<CalendarFeature> calendarFeatures,
                     double scalerDecay, ValueTransform transform) {
        this(valueDimension, forecastIndices, horizon, calendarFeatures, scalerDecay, transform, false);
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

    /** Forecasts per step: {@code horizon} rows of forecast values; also the training targets per step. */
    public int forecastSize() {
        return horizon * forecastIndices.length;
    }

    /** Network outputs per step: the forecasts, then as many spreads again when the model has a spread head. */
    public int outputSize() {
        return spread ? 2 * forecastSize() : forecastSize();
    }

    /** True when {@code other} has the same value dimension, forecast indices, horizon and scaler decay. */
    public boolean sameShape(InputSpec other) {
        return shapeDifferences(other).isEmpty();
    }

    /**
     * How this spec's shape differs from {@code configured}'s, each difference with the setting that gives it, such
     * as {@code horizon 1 where forecast.horizon is 3}; empty when they have the same shape.
     */
    public String shapeDifferences(InputSpec configured) {
        List<String> differences = new ArrayList<>();
        if (valueDimension != configured.valueDimension) {
            differences.add(valueDimension + " values where value.dimension is " + configured.valueDimension);
        }
        if (!Arrays.equals(forecastIndices, configured.forecastIndices)) {
            differences.add("forecasts of values " + Arrays.toString(forecastIndices) + " where forecast.indices is "
                    + Arrays.toString(configured.forecastIndices));
        }
        if (horizon != configured.horizon) {
            differences.add("horizon " + horizon + " where forecast.horizon is " + configured.horizon);
        }
        if (Double.compare(scalerDecay, configured.scalerDecay) != 0) {
            differences.add("scaler decay " + scalerDecay + " where scaler.decay is " + configured.scalerDecay);
        }
        return String.join("; ", differences);
    }

    /** This spec with other model choices. */
    public InputSpec with(List<CalendarFeature> features, ValueTransform newTransform, boolean withSpread) {
        return new InputSpec(valueDimension, forecastIndices, horizon, features, scalerDecay, newTransform,
                withSpread);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec other
                && valueDimension == other.valueDimension
                && Arrays.equals(forecastIndices, other.forecastIndices)
                && horizon == other.horizon
                && calendarFeatures.equals(other.calendarFeatures)
                && Double.compare(scalerDecay, other.scalerDecay) == 0
                && transform == other.transform
                && spread == other.spread;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * valueDimension + Arrays.hashCode(forecastIndices)) + horizon)
                + calendarFeatures.hashCode() + transform.hashCode() + Boolean.hashCode(spread);
    }

    @Override
    public String toString() {
        return "InputSpec[values=" + valueDimension + ", forecast=" + Arrays.toString(forecastIndices)
                + ", horizon=" + horizon + ", calendar=" + calendarFeatures + ", scalerDecay=" + scalerDecay
                + ", transform=" + transform + ", spread=" + spread + "]";
    }
}
