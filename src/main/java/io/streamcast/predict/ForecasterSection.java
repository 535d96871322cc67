package io.streamcast.predict;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import io.streamcast.codec.StateSection;
import io.streamcast.codec.UndecodableStateException;
import java.util.Arrays;

/**
 * The forecasters section of a stored key state ({@link KeyStateSections}, id 8): the rhythms' and yesterday's
 * recent forecasts, every forecaster's and pair's record for the forecaster choice, the daily and weekly carry-overs,
 * the weekly profile, the similar-day fits and the last day's deviations from the weekly profile. Its format and the
 * versions it still reads are in the table of {@link KeyStateSections}.
 */
final class ForecasterSection implements StateSection<KeyMemory> {
    /** Forecasters and pairs of forecasters in versions 1 and 2, before the weekly rhythm. */
    private static final int FORECASTERS_BEFORE_WEEKLY = 3;
    private static final int PAIRS_BEFORE_WEEKLY = 3;
    /** Forecasters and pairs of forecasters in versions 3 to 6, before yesterday's forecaster. */
    private static final int FORECASTERS_BEFORE_YESTERDAY = 4;
    private static final int PAIRS_BEFORE_YESTERDAY = 6;

    /** The longest horizon whose records a section stored under another one is read for: forecast.horizon's bound. */
    private static final int MAX_HORIZON = 1024;

    @Override
    public int id() {
        return KeyStateSections.FORECASTERS;
    }

    /** The first version to hold the rhythms' and yesterday's forecasts as float64. */
    static final int WITH_WIDE_FORECASTS = 11;

    @Override
    public int version() {
        return WITH_WIDE_FORECASTS;
    }

    @Override
    public String name() {
        return "forecasters";
    }

    @Override
    public void write(KeyMemory state, BinaryWriter out) {
        int row = state.slots();
        ForecastValues.write(state, out);
        out.writeVarLong(state.forecastRows);
        out.writeVarLong(row);
        for (int r = 0; r < state.forecastRows; r++) {
            for (int i = r * row; i < (r + 1) * row; i++) {
                out.writeDouble(state.modelForecasts[i]);
            }
            writeDoubles(out, state.dailyForecasts, r * row, row);
            writeDoubles(out, state.weeklyForecasts, r * row, row);
            writeDoubles(out, state.yesterdayForecasts, r * row, row);
        }
        out.writeFloats(state.forecasterErrors, 0, state.forecasterErrors.length);
        for (long count : state.forecasterCounts) {
            out.writeVarLong(count);
        }
        out.writeFloats(state.pairMeans, 0, state.pairMeans.length);
        out.writeFloats(state.pairSpreads, 0, state.pairSpreads.length);
        for (long count : state.pairCounts) {
            out.writeVarLong(count);
        }
        out.writeFloats(state.dailyLag, 0, state.dailyLag.length);
        out.writeFloats(state.weeklyLag, 0, state.weeklyLag.length);
        out.writeSignedVarLong(state.weeklyStart);
        out.writeVarLong(state.weeklyCounts.length);
        // the counts, then the means of the half hours seen: a young key, or one quiet for part of the week,
        // stores no mean for the half hours it has not sent in
        out.writeBytes(state.weeklyCounts, 0, state.weeklyCounts.length);
        for (int i = 0; i < state.weeklyCounts.length; i++) {
            if (state.weeklyCounts[i] > 0) {
                out.writeFloat(state.weeklyMeans[i]);
            }
        }
        out.writeVarLong(state.dayFits.length);
        if (state.dayFits.length > 0) {
            out.writeSignedVarLong(state.similarDay);
            out.writeSignedVarLong(state.similarDayStart);
            out.writeVarLong(state.similarDayEvents);
            out.writeFloats(state.dayUsualSquares, 0, state.dayUsualSquares.length);
            out.writeFloats(state.dayFits, 0, state.dayFits.length);
            out.writeFloats(state.dayDeviations, 0, state.dayDeviations.length);
        }
        boolean dayLag = state.weeklyDayLagHalfHour != DayLagDeviation.NONE;
        out.writeVarLong(dayLag ? state.weeklyDayLag.length : 0);
        if (dayLag && state.weeklyDayLag.length > 0) {
            out.writeSignedVarLong(state.weeklyDayLagHalfHour);
            out.writeFloats(state.weeklyDayLag, 0, state.weeklyDayLag.length);
        }
        writeRegression(out, state.weeklyRegression);
        writeRegression(out, state.dailyRegression);
    }

    private static void writeDoubles(BinaryWriter out, double[] values, int from, int count) {
        for (int i = from; i < from + count; i++) {
            out.writeDouble(values[i]);
        }
    }

    /** Forecasts as float64 from {@link #WITH_WIDE_FORECASTS} on, as float32 before. */
    private static void readForecasts(BinaryReader in, double[] target, int from, int count, int version) {
        for (int i = from; i < from + count; i++) {
            target[i] = version >= WITH_WIDE_FORECASTS ? in.readDouble() : in.readFloat();
        }
    }

    private static void writeRegression(BinaryWriter out, float[] regression) {
        out.writeVarLong(regression.length);
        out.writeFloats(regression, 0, regression.length);
    }

    @Override
    public boolean read(KeyMemory state, BinaryReader in, int version) {
        int row = state.slots();
        // before version 10 the forecast values were not stored: only their number is known to fit
        if (version >= 10 && !ForecastValues.match(state, in)) {
            return false;
        }
        long rows = in.readVarLong();
        long storedRow = in.readVarLong();
        boolean sameHorizon = rows == state.forecastRows && storedRow == row;
        // Stored under another horizon (the forecast values known to be the same, from version 10 on): the forecasts
        // in flight start afresh with the forecast section's, which no longer fits either, and the records of the
        // steps both horizons have carry over, a k-step-ahead error being the same whatever the horizon; so do the
        // rhythms' profiles and deviations, which no horizon shapes. Started afresh, a change of forecast.horizon cost
        // every key a week of its weekly profile and its forecasters' records.
        if (!sameHorizon && !(version >= 10 && otherHorizon(state, rows, storedRow))) {
            return false;
        }
        // before version 3 there was no weekly rhythm, before version 7 no yesterday forecaster: their forecasts,
        // records and profile start empty
        state.forgetForecasters();
        boolean weekly = version >= 3;
        boolean yesterday = version >= 7;
        if (!sameHorizon) {
            return readOtherHorizon(state, in, version, (int) rows, (int) storedRow);
        }
        for (int r = 0; r < state.forecastRows; r++) {
            for (int i = r * row; i < (r + 1) * row; i++) {
                state.modelForecasts[i] = in.readDouble();
            }
            readForecasts(in, state.dailyForecasts, r * row, row, version);
            if (weekly) {
                readForecasts(in, state.weeklyForecasts, r * row, row, version);
            }
            if (yesterday) {
                readForecasts(in, state.yesterdayForecasts, r * row, row, version);
            }
        }
        int forecasters = yesterday ? ForecasterChoice.FORECASTERS
                : weekly ? FORECASTERS_BEFORE_YESTERDAY : FORECASTERS_BEFORE_WEEKLY;
        in.readFloats(state.forecasterErrors, 0, forecasters * row);
        if (!readCounts(in, state.forecasterCounts, forecasters * row)) {
            return false;
        }
        int pairs = yesterday ? ForecasterChoice.PAIRS : weekly ? PAIRS_BEFORE_YESTERDAY : PAIRS_BEFORE_WEEKLY;
        in.readFloats(state.pairMeans, 0, pairs * row);
        in.readFloats(state.pairSpreads, 0, pairs * row);
        if (!readCounts(in, state.pairCounts, pairs * row)) {
            return false;
        }
        if (version == 1) {
            spreadsFromMeanSquares(state);
        }
        return readRhythms(state, in, version, weekly);
    }

    /**
     * Whether {@code rows} rows of {@code storedRow} forecasts are those of another horizon of the key's forecast
     * values, none of whose forecasts are in flight now (the forecast section did not fit).
     */
    private static boolean otherHorizon(KeyMemory state, long rows, long storedRow) {
        int values = state.forecastCount();
        return state.forecastRows == 0 && storedRow > 0 && storedRow % values == 0
                && storedRow / values <= MAX_HORIZON && rows >= 0 && rows <= storedRow / values;
    }

    /**
     * The rest of a section of version 10 or later stored under another horizon: its forecasts in flight skipped, the
     * records of the steps both horizons have kept (a record's slots run step by step, each step's forecast values
     * together, so the first of them are the steps in common), those of the others skipped or left empty.
     */
    private static boolean readOtherHorizon(KeyMemory state, BinaryReader in, int version, int rows, int storedRow) {
        int row = state.slots();
        long inFlight = (long) rows * storedRow * (8 + 3 * (version >= WITH_WIDE_FORECASTS ? 8 : 4));
        if (inFlight > in.remaining()) {
            throw new UndecodableStateException("forecasters: " + rows + " rows of " + storedRow
                    + " forecasts run past the section");
        }
        in.skip((int) inFlight);
        readFloats(in, state.forecasterErrors, ForecasterChoice.FORECASTERS, storedRow, row);
        if (!readCounts(in, state.forecasterCounts, ForecasterChoice.FORECASTERS, storedRow, row)) {
            return false;
        }
        readFloats(in, state.pairMeans, ForecasterChoice.PAIRS, storedRow, row);
        readFloats(in, state.pairSpreads, ForecasterChoice.PAIRS, storedRow, row);
        if (!readCounts(in, state.pairCounts, ForecasterChoice.PAIRS, storedRow, row)) {
            return false;
        }
        return readRhythms(state, in, version, true);
    }

    /** Reads {@code groups} groups of {@code stored} floats into groups of {@code row}, the first of each kept. */
    private static void readFloats(BinaryReader in, float[] target, int groups, int stored, int row) {
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < stored; i++) {
                float value = in.readFloat();
                if (i < row) {
                    target[g * row + i] = value;
                }
            }
        }
    }

    /** The counts' {@link #readFloats}; false when one exceeds any record's memory. */
    private static boolean readCounts(BinaryReader in, long[] counts, int groups, int stored, int row) {
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < stored; i++) {
                long count = in.readVarLong();
                if (count < 0 || count > ForecasterChoice.MEMORY) {
                    return false;
                }
                if (i < row) {
                    counts[g * row + i] = count;
                }
            }
        }
        return true;
    }

    /** The daily and weekly carry-overs, profile, similar-day fits and deviations, and the regressions. */
    private static boolean readRhythms(KeyMemory state, BinaryReader in, int version, boolean weekly) {
        in.readFloats(state.dailyLag, 0, state.dailyLag.length);
        if (weekly) {
            in.readFloats(state.weeklyLag, 0, state.weeklyLag.length);
            state.weeklyStart = in.readSignedVarLong();
            if (!(version == 3 ? readDenseProfile(state, in) : readProfile(state, in))) {
                return false;
            }
            // before version 5 no fits of the current day were kept: the key starts its next day afresh
            if (version >= 5 && !readSimilarDay(state, in, version)) {
                return false;
            }
            // before version 8 no deviations of the last day were kept, before version 9 no regression of the
            // deviations: they start empty
            if (version >= 8) {
                readDayLag(state, in);
            }
            if (version >= 9) {
                readRegression(in, state.weeklyRegression);
            }
        }
        if (version >= 9) {
            readRegression(in, state.dailyRegression);
        }
        return true;
    }

    /**
     * The last day's deviations as version 8 writes them: their length (51 per forecast value; 0 without the
     * weekly rhythm or before the key's first event), then the half hour of the latest event and the floats; of
     * another length (the weekly rhythm turned on or off) they are skipped.
     */
    private static void readDayLag(KeyMemory state, BinaryReader in) {
        int length = in.readCount(in.remaining() / 4 + 1);
        if (length == 0) {
            return;
        }
        long halfHour = in.readSignedVarLong();
        // a half hour no event time has (bytes no release wrote) is skipped as none: advancing the ring from the
        // largest long would count through every long before the key's next event could be applied
        if (length != state.weeklyDayLag.length || !DayLagDeviation.isHalfHour(halfHour)) {
            in.skip(4 * length);
            return;
        }
        state.weeklyDayLagHalfHour = halfHour;
        in.readFloats(state.weeklyDayLag, 0, length);
    }

    /**
     * A regression of the deviations as version 9 writes it: its length (the weekly one's 0 without the weekly rhythm),
     * then the floats; of another length (the weekly rhythm turned on or off, another horizon) it is skipped and starts
     * empty.
     */
    private static void readRegression(BinaryReader in, float[] regression) {
        int length = in.readCount(in.remaining() / 4 + 1);
        if (length != regression.length) {
            in.skip(4 * length);
            return;
        }
        in.readFloats(regression, 0, length);
    }

    /**
     * The current day's fits as version 6 writes them: their length (7 per forecast value, 0 without the weekly
     * rhythm), then the day, its first event's time, its events, the usual mean squared deviations, the fits and
     * the last deviations; fits of another length (the weekly rhythm turned on or off) are skipped. Version 5 had
     * no events or usual squares: the day is then not known to be unusual, and the key forecasts it as usual.
     */
    private static boolean readSimilarDay(KeyMemory state, BinaryReader in, int version) {
        int length = in.readCount(in.remaining() / 8 + 1);
        if (length == 0) {
            return true;
        }
        long day = in.readSignedVarLong();
        long start = in.readSignedVarLong();
        int events = version >= 6 ? in.readCount(Integer.MAX_VALUE) : 0;
        int values = length / SimilarDay.DAYS;
        if (length != state.dayFits.length) {
            in.skip((version >= 6 ? 4 * values : 0) + 8 * length);
            return true;
        }
        state.similarDay = day;
        state.similarDayStart = start;
        state.similarDayEvents = events;
        if (version >= 6) {
            in.readFloats(state.dayUsualSquares, 0, values);
        }
        in.readFloats(state.dayFits, 0, length);
        in.readFloats(state.dayDeviations, 0, length);
        return true;
    }

    /** The weekly profile as version 4 writes it: the counts, then the means of the half hours seen. */
    private static boolean readProfile(KeyMemory state, BinaryReader in) {
        int profile = in.readCount(in.remaining());
        boolean kept = profile == state.weeklyCounts.length;
        // a profile of another length is read only to be skipped (the setting changed: rare, so a copy is fine)
        byte[] counts = kept ? state.weeklyCounts : new byte[profile];
        if (!readWeeklyCounts(in, counts)) {
            return false;
        }
        int seen = 0;
        for (byte count : counts) {
            seen += count > 0 ? 1 : 0;
        }
        if (!kept) {
            return skipProfile(state, in, 4 * seen);
        }
        for (int i = 0; i < profile; i++) {
            if (counts[i] > 0) {
                state.weeklyMeans[i] = in.readFloat();
            }
        }
        return true;
    }

    /** The weekly profile as version 3 wrote it: every half hour's mean, then every count. */
    private static boolean readDenseProfile(KeyMemory state, BinaryReader in) {
        int profile = in.readCount(in.remaining() / 5);
        if (profile != state.weeklyCounts.length) {
            return skipProfile(state, in, 5 * profile);
        }
        in.readFloats(state.weeklyMeans, 0, state.weeklyMeans.length);
        return readWeeklyCounts(in, state.weeklyCounts);
    }

    /** Reads {@code counts.length} count bytes; false when one exceeds any weekly memory. */
    private static boolean readWeeklyCounts(BinaryReader in, byte[] counts) {
        for (int i = 0; i < counts.length; i++) {
            int count = in.readByte();
            if (count > WeeklyForecast.MAX_MEMORY) {
                return false;
            }
            counts[i] = (byte) count;
        }
        return true;
    }

    /**
     * A profile kept with the weekly rhythm on and read with it off, or the other way: skips its remaining
     * {@code bytes}, and the profile starts over.
     */
    private static boolean skipProfile(KeyMemory state, BinaryReader in, int bytes) {
        in.skip(bytes);
        Arrays.fill(state.weeklyCounts, (byte) 0);
        Arrays.fill(state.weeklyMeans, 0f);
        state.weeklyStart = Long.MAX_VALUE;
        return true;
    }

    /** Version 1's mean squares, read into the spreads, as the mean absolute deviations of the same variance. */
    private static void spreadsFromMeanSquares(KeyMemory state) {
        for (int i = 0; i < state.pairSpreads.length; i++) {
            double mean = state.pairMeans[i];
            double variance = Math.max(0, state.pairSpreads[i] - mean * mean);
            double deviation = Math.sqrt(variance) * NormalDistribution.MEAN_ABSOLUTE_DEVIATION_PER_SIGMA;
            state.pairSpreads[i] = (float) deviation;
        }
    }

    private static boolean readCounts(BinaryReader in, long[] counts, int n) {
        for (int i = 0; i < n; i++) {
            long count = in.readVarLong();
            if (count < 0 || count > ForecasterChoice.MEMORY) {
                return false;
            }
            counts[i] = count;
        }
        return true;
    }

    @Override
    public void reset(KeyMemory state) {
        state.forgetForecasters();
    }
}
