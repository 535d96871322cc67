package io.streamcast.predict;

import io.streamcast.anomaly.DetectorState;
import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.StateSection;
import io.streamcast.codec.UndecodableStateException;
import io.streamcast.stats.Finite;
import java.util.Arrays;
import java.util.List;

/**
 * The sections of a stored key state, one per component of {@link KeyMemory}, each writing exactly the precision
 * the step computes with, so a state that goes through the store continues bit for bit as one that did not.
 *
 * <table>
 *   <caption>Sections</caption>
 *   <tr><th>id</th><th>section</th><th>version</th><th>payload</th></tr>
 *   <tr><td>1</td><td>counters (essential)</td><td>2</td><td>event count (varint), last event time
 *       (zigzag varint, ms), last raw score, last likelihood (float64 each), whether the last event was an
 *       anomaly (byte); version 1 had no anomaly byte, read as not an anomaly</td></tr>
 *   <tr><td>2</td><td>scaler (essential)</td><td>2</td><td>value dimension (varint), then per value the
 *       running mean and variance of the raw values and of their signed logs (float64 each); version 1 held the
 *       raw ones only, and the signed-log ones are then estimated from them</td></tr>
 *   <tr><td>3</td><td>lstm</td><td>1</td><td>model version (varint), state length (varint), the LSTM state
 *       (float32 each, {@code [layer][h, c]})</td></tr>
 *   <tr><td>4</td><td>forecast</td><td>3</td><td>the forecast values ({@link ForecastValues}), rows (varint), row
 *       length (varint), then per row the forecasts, their spreads and the half-widths of their intervals (float64
 *       each, {@code [step][forecast value]}; NaN where there is none), newest row first; version 2 had no forecast
 *       values, and is read as made for the configured ones; version 1 held whether a forecast was made (byte) and,
 *       if so, one row of forecasts</td></tr>
 *   <tr><td>5</td><td>history (essential)</td><td>2</td><td>value dimension and row count (varints); the event
 *       times as the first time, the first difference, then differences of differences (zigzag varints: one byte
 *       each for a regular series); how many of the newest events' values are exact (varint: the horizon's, or all
 *       the history has); the values of the older events as float32, then those of the newest as received, float64
 *       (each {@code [event][value]}, oldest first); version 1 held every value as float32, and persistence then
 *       forecasts from those, rounded, until the key's next events replace them; a history longer than the configured
 *       one is read as its newest events</td></tr>
 *   <tr><td>6</td><td>detector</td><td>12</td><td>the forecast values ({@link ForecastValues}), which the detector
 *       scores, then the anomaly detector's state as {@link DetectorState#write} writes it (section version n holds
 *       detector version n - 2); version 11 held the daily profile's means as float32, which such a key continues
 *       from, rounded; version 10 held the previous value as a float32, which such a key's next change is
 *       judged from; version 9 had no forecast values, and is read as made for the configured ones
 *       (versions 2 to 9 hold detector version n - 1); version 8 had no share of surprises (its record and long
 *       run), which such a key starts empty; version 7 had no long run of the daily and weekly deviations, version 6
 *       none of the volatility either, which such a key starts empty; version 5 had no score of
 *       the anomaly that started the refractory period, which then runs to its end; version 4 had no weekly deviations,
 *       version 3 no changes (which confirm a drift) either, version 2 no daily profile either, which such a key starts
 *       empty; version 1 held the scorer of earlier releases as compact doubles, and such a detector restarts</td></tr>
 *   <tr><td>7</td><td>intervals</td><td>3</td><td>the forecast values ({@link ForecastValues}), row length
 *       (varint); per horizon step and forecast value the log calibration factor and the mean absolute error (float64
 *       each); per horizon step the errors counted (varint); version 2 had no forecast values, and is read as made for
 *       the configured ones; version 1 held the mean square error, read as the mean absolute error of normal errors
 *       with that mean square</td></tr>
 *   <tr><td>8</td><td>forecasters ({@link ForecasterSection})</td><td>11</td><td>the forecast values ({@link
 *       ForecastValues}), rows (varint; those of the forecast section) and row length (varint), then per row the
 *       model's forecasts, the daily rhythm's, the weekly rhythm's and yesterday's (float64 each),
 *       NaN where there is none; per forecaster (model, persistence,
 *       daily, weekly, yesterday), step and forecast value the recent mean absolute errors (float32 each), then their
 *       counts (varints); per pair of forecasters (model-persistence, model-daily, persistence-daily, model-weekly,
 *       persistence-weekly, daily-weekly, then each with yesterday), step and forecast value the means of the
 *       difference of their absolute errors, then their mean absolute deviations (float32 each), then the counts
 *       (varints); per forecast value the daily forecaster's last deviation, lagged products and squares (float32
 *       each), then the weekly forecaster's; the earliest event time in the weekly profile (zigzag varint, ms;
 *       Long.MAX_VALUE for none); the profile's length (varint: 336 half hours of the week times the forecast values, 0
 *       without the weekly rhythm), then per forecast value and half hour the profile's counts (a byte each), then the
 *       means of the half hours whose count is not 0 (float32 each); then the similar-day fits' length (varint: 7 days
 *       of the week times the forecast values, 0 without the weekly rhythm) and, if not 0, the current UTC day and its
 *       first event's time (zigzag varints), the day's events (varint), per forecast value the usual mean squared
 *       deviation at the day's start, the fits and the last deviations (float32 each; {@link SimilarDay}); then the
 *       last day's deviations' length (varint: 51 per forecast value, 0 without the weekly rhythm or before the first
 *       event) and, if not 0, the half hour of epoch time of the latest event (zigzag varint) and per forecast value
 *       the deviations of the last 49 half hours, the sum of products with the day-earlier deviation and its squares'
 *       (float32 each; {@link DayLagDeviation}); then the weekly deviations' regression's length (varint: per forecast
 *       value 3 + 13 per horizon step, 0 without the weekly rhythm) and its floats ({@link DeviationRegression}), then
 *       the daily deviations' the same way. Version 10 held the rhythms' and yesterday's forecasts as float32, which
 *       such a key's next events are judged against, rounded. Version 9 had no forecast values, and is read as made
 *       for the configured ones. Version 8 had no regressions (they start empty). Version 7 had no last
 *       day's deviations (they start empty). Version 6 had no yesterday forecaster (its forecasts, its record and its
 *       pairs start empty). Version 5 had no events or usual squares: that day is forecast as usual. Version 4 had no
 *       similar-day fits, which such a key starts on its next day. Version 3 held every half hour's mean, before the
 *       counts. Version 2 had no weekly rhythm (no weekly forecasts, three forecasters and three pairs, no weekly
 *       deviations or profile), which then starts empty;
 *       version 1 also held the differences' mean squares instead of their deviations, which are then taken as a normal
 *       distribution's with that variance</td></tr>
 *   <tr><td>9</td><td>input position</td><td>1</td><td>the input partition and offset of the last record the key
 *       applied ({@link InputPosition}; zigzag varints, -1 for none). A state stored before it has none: its next
 *       record is judged by its time alone. Its own section, not the essential counters', so that an earlier release
 *       skips it as unknown and keeps the key</td></tr>
 *   <tr><td>10</td><td>interval widths</td><td>2</td><td>the forecast values ({@link ForecastValues}), rows (varint;
 *       those of the forecast section) and row length (varint), then per row what set the width of each forecast's
 *       interval ({@link IntervalCalibration#widthSetBy}: 0 the spread times the calibration factor, 1 the forecast's
 *       precision above it, 2 the precision whatever the factor; a byte each, {@code [step][forecast value]}), newest
 *       row first. Version 1 had no forecast values, and is read as made for the configured ones. A state stored
 *       before it has none: its pending forecasts are taken as set by the factor, as that release judged them. Its
 *       own section, so that an earlier release skips it as unknown and keeps the key's forecasts</td></tr>
 * </table>
 *
 * A component whose state changes adds a version to its own section (reading the old one, or returning false to
 * restart it), or takes a new id (the old section is then skipped as unknown and the component starts afresh). A
 * component kept per forecast value starts afresh when its section was stored for other forecast values.
 */
final class KeyStateSections {

    static final int COUNTERS = 1;
    static final int SCALER = 2;
    static final int LSTM = 3;
    static final int FORECAST = 4;
    static final int HISTORY = 5;
    static final int DETECTOR = 6;
    static final int INTERVALS = 7;
    static final int FORECASTERS = 8;
    static final int INPUT_POSITION = 9;
    static final int INTERVAL_WIDTHS = 10;

    /** Longest LSTM state accepted: 16 layers of 4096 hidden units, h and c. */
    static final int MAX_LSTM_STATE = 2 * 16 * 4096;
    /** Bounds a malformed count before it is compared with the settings. */
    private static final int MAX_ROWS = 1 << 24;

    private KeyStateSections() {
    }

    /** The sections of a key state, in the order they are written. */
    static List<StateSection<KeyMemory>> all() {
        return List.of(new Counters(), new ScalerSection(), new LstmSection(), new ForecastSection(),
                new HistorySection(), new DetectorSection(), new IntervalSection(), new ForecasterSection(),
                new InputPositionSection(), new IntervalWidthSection());
    }

    static final class Counters implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return COUNTERS;
        }

        @Override
        public int version() {
            return 2;
        }

        @Override
        public String name() {
            return "counters";
        }

        @Override
        public boolean essential() {
            return true;
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            out.writeVarLong(state.eventCount);
            out.writeSignedVarLong(state.lastEventTime);
            out.writeDouble(state.lastRawScore);
            out.writeDouble(state.lastLikelihood);
            out.writeBoolean(state.lastAnomaly);
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            state.eventCount = in.readNonNegativeVarLong();
            state.lastEventTime = in.readSignedVarLong();
            state.lastRawScore = in.readDouble();
            state.lastLikelihood = in.readDouble();
            state.lastAnomaly = version >= 2 && in.readBoolean();
            return state.eventCount >= 0;
        }

        @Override
        public void reset(KeyMemory state) {
            state.eventCount = 0;
            state.lastEventTime = Long.MIN_VALUE;
            state.lastRawScore = 0;
            state.lastLikelihood = 0;
            state.lastAnomaly = false;
        }
    }

    static final class ScalerSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return SCALER;
        }

        @Override
        public int version() {
            return 2;
        }

        @Override
        public String name() {
            return "scaler";
        }

        @Override
        public boolean essential() {
            return true;
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            out.writeVarLong(state.mean.length);
            for (int j = 0; j < state.mean.length; j++) {
                out.writeDouble(state.mean[j]);
                out.writeDouble(state.variance[j]);
                out.writeDouble(state.logMean[j]);
                out.writeDouble(state.logVariance[j]);
            }
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            int width = version == 1 ? 16 : 32;
            int v = in.readCount(in.remaining() / width);
            if (v != state.mean.length) {
                return false;
            }
            for (int j = 0; j < v; j++) {
                state.mean[j] = in.readDouble();
                state.variance[j] = in.readDouble();
                if (version > 1) {
                    state.logMean[j] = in.readDouble();
                    state.logVariance[j] = in.readDouble();
                }
            }
            if (version == 1) {
                state.deriveLogScaling();
            }
            // Statistics overflowed by a value stored before values above KeyStep.MAX_MAGNITUDE were refused: every
            // input scaled by them would be NaN, and the key's forecasts and detection with it, for good. So would a
            // negative variance (whose square root is NaN), which no update writes, for as long as it stayed negative
            return Scaler.allFinite(state.mean) && Scaler.allFinite(state.variance)
                    && Scaler.allFinite(state.logMean) && Scaler.allFinite(state.logVariance)
                    && Scaler.allNonNegative(state.variance) && Scaler.allNonNegative(state.logVariance);
        }

        @Override
        public void reset(KeyMemory state) {
            Arrays.fill(state.mean, 0);
            Arrays.fill(state.variance, 0);
            Arrays.fill(state.logMean, 0);
            Arrays.fill(state.logVariance, 0);
        }
    }

    static final class LstmSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return LSTM;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public String name() {
            return "lstm";
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            out.writeVarLong(state.modelVersion);
            out.writeVarLong(state.lstmStateSize);
            out.writeFloats(state.lstmState, 0, state.lstmStateSize);
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            state.modelVersion = in.readVarLong();
            int size = in.readCount(MAX_LSTM_STATE);
            float[] lstm = state.lstmState(size);
            in.readFloats(lstm, 0, size);
            // A cell that holds NaN or infinity (bytes no step wrote: inputs are clipped and weights bounded) carries
            // it into every later step, so the key would never forecast with the model again until its next version;
            // it starts afresh instead, and the next event re-warms it from the key's history.
            for (int i = 0; i < size; i++) {
                if (!Float.isFinite(lstm[i])) {
                    return false;
                }
            }
            return state.modelVersion >= 0;
        }

        @Override
        public void reset(KeyMemory state) {
            state.modelVersion = 0;
            state.lstmStateSize = 0;
        }
    }

    static final class ForecastSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return FORECAST;
        }

        @Override
        public int version() {
            return 3;
        }

        @Override
        public String name() {
            return "forecast";
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            int row = state.horizon() * state.forecastCount();
            ForecastValues.write(state, out);
            out.writeVarLong(state.forecastRows);
            out.writeVarLong(row);
            for (int r = 0; r < state.forecastRows; r++) {
                for (int i = r * row; i < (r + 1) * row; i++) {
                    out.writeDouble(state.forecasts[i]);
                }
                for (int i = r * row; i < (r + 1) * row; i++) {
                    out.writeDouble(state.spreads[i]);
                }
                for (int i = r * row; i < (r + 1) * row; i++) {
                    out.writeDouble(state.halfWidths[i]);
                }
            }
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            int row = state.horizon() * state.forecastCount();
            if (version == 1) {
                if (!in.readBoolean()) {
                    return true;
                }
                if (in.readCount(in.remaining() / 8) != row) {
                    return false;
                }
                double[] values = new double[row];
                for (int i = 0; i < row; i++) {
                    values[i] = in.readDouble();
                }
                state.restoreForecastRow(values);
                return Finite.all(state.forecasts, 0, state.forecastRows * row);
            }
            // a state stored under a longer horizon, or for other forecast values (before version 3, only as many
            // of them), does not fit: its forecasts restart
            if (version >= 3 && !ForecastValues.match(state, in)) {
                return false;
            }
            long rows = in.readVarLong();
            if (rows < 0) {
                throw new UndecodableStateException("a forecast row count of " + rows);
            }
            if (rows > state.horizon() || in.readVarLong() != row) {
                return false;
            }
            for (int r = 0; r < rows; r++) {
                for (int i = r * row; i < (r + 1) * row; i++) {
                    state.forecasts[i] = in.readDouble();
                }
                for (int i = r * row; i < (r + 1) * row; i++) {
                    state.spreads[i] = in.readDouble();
                }
                for (int i = r * row; i < (r + 1) * row; i++) {
                    state.halfWidths[i] = in.readDouble();
                }
            }
            state.forecastRows = (int) rows;
            // A forecast that is not finite (bytes no step wrote: an issued forecast is a value within 1e18) would
            // score the key's next event to a residual and raw score of NaN in its prediction.
            return Finite.all(state.forecasts, 0, state.forecastRows * row);
        }

        @Override
        public void reset(KeyMemory state) {
            state.forecastRows = 0;
        }
    }

    static final class HistorySection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return HISTORY;
        }

        /** The first version to hold the newest values exactly. */
        static final int WITH_RECENT_VALUES = 2;

        @Override
        public int version() {
            return WITH_RECENT_VALUES;
        }

        @Override
        public String name() {
            return "history";
        }

        @Override
        public boolean essential() {
            return true;
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            int v = state.mean.length;
            int n = state.historySize;
            out.writeVarLong(v);
            out.writeVarLong(n);
            long[] times = state.historyTimes;
            for (int i = 0; i < n; i++) {
                long value = i == 0 ? times[0]
                        : i == 1 ? times[1] - times[0]
                        : (times[i] - times[i - 1]) - (times[i - 1] - times[i - 2]);
                out.writeSignedVarLong(value);
            }
            // the newest values as float64 in place of their float32 copies, which are those rounded
            int exact = state.recentSize();
            out.writeVarLong(exact);
            out.writeFloats(state.historyValues, 0, (n - exact) * v);
            for (int back = exact - 1; back >= 0; back--) {
                for (int j = 0; j < v; j++) {
                    out.writeDouble(state.recentValues[back * v + j]);
                }
            }
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            int v = in.readCount(MAX_ROWS);
            int n = in.readCount(MAX_ROWS);
            if (v != state.mean.length) {
                return false;
            }
            long[] times = state.historyTimes;
            // a history.length shorter than when stored keeps the newest events, as the key would have kept them
            int dropped = Math.max(0, n - times.length);
            long time = 0;
            long step = 0;
            for (int i = 0; i < n; i++) {
                long value = in.readSignedVarLong();
                if (i == 0) {
                    time = value;
                } else {
                    step = i == 1 ? value : step + value;
                    time += step;
                }
                if (i >= dropped) {
                    times[i - dropped] = time;
                }
            }
            int exact = version >= WITH_RECENT_VALUES ? in.readCount(n) : 0;
            int roundedRows = n - exact;
            int roundedDropped = Math.min(dropped, roundedRows);
            // as a long: a malformed count must fail the skip, not wrap to a small one
            in.skip((int) Math.min((long) roundedDropped * v * Float.BYTES, Integer.MAX_VALUE));
            in.readFloats(state.historyValues, 0, (roundedRows - roundedDropped) * v);
            int size = n - dropped;
            state.historySize = size;
            int kept = state.recentSize();
            for (int back = exact - 1; back >= 0; back--) {
                for (int j = 0; j < v; j++) {
                    double value = in.readDouble();
                    if (back < size) {
                        state.historyValues[(size - 1 - back) * v + j] = (float) value;
                    }
                    if (back < kept) {
                        state.recentValues[back * v + j] = value;
                    }
                }
            }
            // a horizon longer than when stored asks for more than were kept exactly
            state.recentValuesFromHistory(Math.min(exact, kept));
            // A value that is not finite (bytes no step wrote: every value applied is finite) is replayed into the
            // network at each re-warm as a NaN input, which no clipping bounds: every model forecast of the key was
            // NaN at every event until the value left the history. The newest values, kept exactly, are in it too.
            return Finite.all(state.historyValues, 0, size * v);
        }

        @Override
        public void reset(KeyMemory state) {
            state.historySize = 0;
        }
    }

    static final class DetectorSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return DETECTOR;
        }

        /** The first version to hold the forecast values, whose detector version is then its own less 2. */
        static final int WITH_FORECAST_VALUES = 10;

        /**
         * Version 1 held the anomaly scorer of earlier releases, whose state restarts; versions 2 to 9 held detector
         * versions 1 to 8 alone; since, the forecast values come first, and the section's version stays 2 above the
         * detector's.
         */
        @Override
        public int version() {
            return 2 + DetectorState.VERSION;
        }

        @Override
        public String name() {
            return "detector";
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            ForecastValues.write(state, out);
            state.anomaly.write(out);
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            if (version < WITH_FORECAST_VALUES) {
                return version > 1 && state.anomaly.read(in, version - 1);
            }
            // the detector's statistics are per scored value, which are the forecast values
            return ForecastValues.match(state, in) && state.anomaly.read(in, version - 2);
        }

        @Override
        public void reset(KeyMemory state) {
            state.anomaly.reset();
        }
    }

    static final class IntervalSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return INTERVALS;
        }

        @Override
        public int version() {
            return 3;
        }

        @Override
        public String name() {
            return "intervals";
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            int row = state.intervalScale.length;
            ForecastValues.write(state, out);
            out.writeVarLong(row);
            for (int i = 0; i < row; i++) {
                out.writeDouble(state.intervalScale[i]);
                out.writeDouble(state.absoluteErrors[i]);
            }
            for (long count : state.errorCounts) {
                out.writeVarLong(count);
            }
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            if (version >= 3 && !ForecastValues.match(state, in)) {
                return false;
            }
            int row = in.readCount(in.remaining() / 16);
            if (row != state.intervalScale.length) {
                return false;
            }
            for (int i = 0; i < row; i++) {
                state.intervalScale[i] = in.readDouble();
                double error = in.readDouble();
                // a mean square, read as the mean magnitude of normal errors with that mean square
                state.absoluteErrors[i] = version == 1
                        ? Math.sqrt(Math.max(0, error)) * NormalDistribution.MEAN_ABSOLUTE_DEVIATION_PER_SIGMA : error;
            }
            for (int k = 0; k < state.errorCounts.length; k++) {
                state.errorCounts[k] = in.readNonNegativeVarLong();
            }
            // a calibration factor or mean error of NaN stays so at every later event, and the key would issue no
            // interval again: they start afresh instead
            return Scaler.allFinite(state.intervalScale) && Scaler.allFinite(state.absoluteErrors);
        }

        @Override
        public void reset(KeyMemory state) {
            Arrays.fill(state.intervalScale, 0);
            Arrays.fill(state.absoluteErrors, 0);
            Arrays.fill(state.errorCounts, 0);
        }
    }

    static final class InputPositionSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return INPUT_POSITION;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public String name() {
            return "input position";
        }

        @Override
        public boolean emptyWhenAbsent() {
            return true;
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            out.writeSignedVarLong(state.lastPartition);
            out.writeSignedVarLong(state.lastOffset);
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            long partition = in.readSignedVarLong();
            long offset = in.readSignedVarLong();
            if (partition < InputPosition.NONE || partition > Integer.MAX_VALUE || offset < InputPosition.NONE) {
                throw new UndecodableStateException("input position: partition " + partition + ", offset " + offset);
            }
            state.lastPartition = (int) partition;
            state.lastOffset = offset;
            return true;
        }

        @Override
        public void reset(KeyMemory state) {
            state.lastPartition = InputPosition.NONE;
            state.lastOffset = InputPosition.NONE;
        }
    }

    static final class IntervalWidthSection implements StateSection<KeyMemory> {
        @Override
        public int id() {
            return INTERVAL_WIDTHS;
        }

        /** The first version to hold the forecast values. */
        static final int WITH_FORECAST_VALUES = 2;

        @Override
        public int version() {
            return WITH_FORECAST_VALUES;
        }

        @Override
        public String name() {
            return "interval widths";
        }

        @Override
        public boolean emptyWhenAbsent() {
            return true;
        }

        @Override
        public void write(KeyMemory state, BinaryWriter out) {
            int row = state.horizon() * state.forecastCount();
            ForecastValues.write(state, out);
            out.writeVarLong(state.forecastRows);
            out.writeVarLong(row);
            out.writeBytes(state.widthSetBy, 0, state.forecastRows * row);
        }

        @Override
        public boolean read(KeyMemory state, BinaryReader in, int version) {
            // stored for other forecast values, as many of them: the forecast section does not fit either
            if (version >= WITH_FORECAST_VALUES && !ForecastValues.match(state, in)) {
                return false;
            }
            int rows = in.readCount(MAX_ROWS);
            int row = in.readCount(MAX_ROWS);
            // stored under another horizon or for another number of forecast values: the forecast section, which
            // holds the rows these describe, does not fit either
            if (rows > state.horizon() || row != state.horizon() * state.forecastCount()) {
                return false;
            }
            for (int i = 0; i < rows * row; i++) {
                int setBy = in.readByte();
                if (setBy > IntervalCalibration.FIXED) {
                    throw new UndecodableStateException("interval widths: " + setBy + " is no way a width was set");
                }
                state.widthSetBy[i] = (byte) setBy;
            }
            Arrays.fill(state.widthSetBy, rows * row, state.widthSetBy.length, IntervalCalibration.SCALED);
            return true;
        }

        @Override
        public void reset(KeyMemory state) {
            Arrays.fill(state.widthSetBy, IntervalCalibration.SCALED);
        }
    }
}
