package io.streamcast.app.http;

import static io.streamcast.app.http.FiniteNumbers.finite;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamcast.anomaly.Scoring;
import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.recent.ForecastErrorTotals;
import io.streamcast.recent.KeySeries;
import io.streamcast.recent.RecentAnomaly;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.stream.StreamcastMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The JSON answers of the console's queries. Numbers that are not finite are written as null. */
final class ConsoleBodies {

    /** Span of the rates shown as figures; the timeline keeps every sample. */
    private static final Duration RATE_SPAN = Duration.ofSeconds(10);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final int ANOMALIES_SHOWN = 50;

    private ConsoleBodies() {
    }

    static OverviewBody overview(String instance, String streams, boolean starting,
                                 List<ActivitySampler.Sample> samples,
                                 KeyStateLookup.KeyCount keys, ModelEndpoint.ModelBody model,
                                 List<RecentAnomaly> anomalies,
                                 double threshold) {
        ActivitySampler.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        StreamcastMetrics.Totals totals = last == null ? null : last.totals();
        long deadLetters = totals == null ? 0
                : totals.deadLetters().values().stream().mapToLong(Long::longValue).sum();
        return new OverviewBody(instance, streams, starting,
                last == null ? null : Instant.ofEpochMilli(last.time()).toString(),
                new Totals(totals == null ? 0 : totals.events(), totals == null ? 0 : totals.predictions(),
                        totals == null ? 0 : totals.anomalies(), deadLetters,
                        totals == null ? Map.of() : totals.deadLetters(), keys == null ? null : keys.keys(),
                        keys != null && keys.exact(), keys == null ? null : keys.unreadable(),
                        keys == null ? null : keys.unavailable()),
                rates(samples), Timeline.of(samples), model,
                anomalies.stream().limit(ANOMALIES_SHOWN).map(AnomalyBody::of).toList(), threshold);
    }

    private static Rates rates(List<ActivitySampler.Sample> samples) {
        if (samples.size() < 2) {
            return new Rates(null, null, null, null);
        }
        ActivitySampler.Sample last = samples.get(samples.size() - 1);
        ActivitySampler.Sample recent = since(samples, last.time() - RATE_SPAN.toMillis());
        ActivitySampler.Sample minuteAgo = since(samples, last.time() - MINUTE.toMillis());
        double seconds = (last.time() - recent.time()) / 1000.0;
        return new Rates(
                finite((last.totals().events() - recent.totals().events()) / seconds),
                finite((last.totals().predictions() - recent.totals().predictions()) / seconds),
                last.totals().anomalies() - minuteAgo.totals().anomalies(),
                errorRatio(minuteAgo.errors(), last.errors()));
    }

    /** The oldest sample taken at or after {@code time}, but never the last one, so that a span remains. */
    private static ActivitySampler.Sample since(List<ActivitySampler.Sample> samples, long time) {
        for (int i = 0; i < samples.size() - 1; i++) {
            if (samples.get(i).time() >= time) {
                return samples.get(i);
            }
        }
        return samples.get(samples.size() - 2);
    }

    static Double errorRatio(ForecastErrorTotals before, ForecastErrorTotals after) {
        double persistence = after.persistenceAbsoluteError() - before.persistenceAbsoluteError();
        return persistence > 0 ? finite((after.modelAbsoluteError() - before.modelAbsoluteError()) / persistence)
                : null;
    }

    /**
     * @param starting  whether the instance is starting ({@link io.streamcast.app.ops.HealthReport#starting()}): the
     *                  model in use and the training history may not be read yet
     * @param time      when the counts were sampled
     * @param threshold the likelihood from which an event is an anomaly
     */
    record OverviewBody(String instance, String streams, boolean starting, String time, Totals totals, Rates rates,
                        Timeline timeline, ModelEndpoint.ModelBody model, List<AnomalyBody> anomalies,
                        double threshold) {
    }

    /**
     * @param keys                      keys this instance holds state for; null while none of its stores can be read
     * @param keysExact                 whether {@code keys} was counted rather than estimated
     * @param keysUnreadablePartitions  the partitions whose stores the count could not read through (a damaged table
     *                                  file, say): it leaves out their keys from there on, so there are at least
     *                                  {@code keys}; null with {@code keys}
     * @param keysUnavailablePartitions the partitions whose stores could not be read now (moved to another instance,
     *                                  or being restored, while the keys were counted): it leaves out all their keys,
     *                                  and the next count may read them. Not among the unreadable ones, which name
     *                                  damage that stays until an operator rebuilds the store; null with {@code keys}
     */
    record Totals(long events, long predictions, long anomalies, long deadLetters,
                  Map<String, Long> deadLettersByReason, Long keys, boolean keysExact,
                  List<Integer> keysUnreadablePartitions, List<Integer> keysUnavailablePartitions) {
    }

    /**
     * @param forecastError the forecasts' mean absolute error over the last minute, relative to persistence's
     */
    record Rates(Double eventsPerS, Double predictionsPerS, Long anomaliesLastMinute, Double forecastError) {
    }

    /** Per interval between two samples: rates, anomalies, forecast error relative to persistence, model version. */
    record Timeline(long[] time, Double[] eventsPerS, Double[] predictionsPerS, long[] anomalies,
                    Double[] forecastError, long[] modelVersion) {

        static Timeline of(List<ActivitySampler.Sample> samples) {
            int n = Math.max(0, samples.size() - 1);
            long[] time = new long[n];
            Double[] events = new Double[n];
            Double[] predictions = new Double[n];
            long[] anomalies = new long[n];
            Double[] error = new Double[n];
            long[] version = new long[n];
            for (int i = 0; i < n; i++) {
                ActivitySampler.Sample from = samples.get(i);
                ActivitySampler.Sample to = samples.get(i + 1);
                double seconds = (to.time() - from.time()) / 1000.0;
                time[i] = to.time();
                events[i] = finite((to.totals().events() - from.totals().events()) / seconds);
                predictions[i] = finite((to.totals().predictions() - from.totals().predictions()) / seconds);
                anomalies[i] = to.totals().anomalies() - from.totals().anomalies();
                error[i] = errorRatio(from.errors(), to.errors());
                version[i] = to.totals().modelVersion();
            }
            return new Timeline(time, events, predictions, anomalies, error, version);
        }
    }

    /**
     * @param key        the key as people read it ({@link KeyName#text()})
     * @param keySegment the key percent-encoded, to address it with, when it is not UTF-8; left out otherwise
     * @param cause      the statistic the anomaly broke its record by most: range, drift, volatility, daily, weekly or
     *                   surprise ({@link io.streamcast.anomaly.Statistic#label()})
     */
    record AnomalyBody(String key, @JsonInclude(JsonInclude.Include.NON_NULL) String keySegment, String eventTime,
                       double actual, Double forecast, double likelihood, long modelVersion, String cause) {

        static AnomalyBody of(RecentAnomaly anomaly) {
            KeyName key = KeyName.of(anomaly.key());
            return new AnomalyBody(key.text(), key.segment(), Instant.ofEpochMilli(anomaly.eventTime()).toString(),
                    anomaly.actual(), finite(anomaly.forecast()), anomaly.likelihood(), anomaly.modelVersion(),
                    anomaly.cause().label());
        }
    }

    record TrainingBody(List<RoundBody> rounds) {
    }

    /**
     * @param referenceVersion the version the candidate had to beat; 0 for the persistence fallback
     * @param publishedVersion the version it was published as; 0 when it was not
     */
    record RoundBody(String startedAt, long durationMs, String verdict, int windows, int keys, Double trainLoss,
                     Double candidateLoss, Double referenceLoss, long referenceVersion, long publishedVersion,
                     String error) {

        static RoundBody of(TrainingRoundReport report) {
            return new RoundBody(report.getStartedAt().toString(), report.getDurationMs(), report.getVerdict(),
                    report.getWindows(), report.getKeys(), finite(report.getTrainLoss()),
                    finite(report.getCandidateLoss()), finite(report.getReferenceLoss()),
                    report.getReferenceVersion(), report.getPublishedVersion(), report.getError());
        }
    }

    /**
     * The partitions are named apart by what brings their keys back: a rebuild of the store, asking again, or typing
     * more of the key.
     *
     * @param keys                      the keys as people read them ({@link KeyName#text()})
     * @param keySegments               for each of {@code keys}, the key percent-encoded when it is not UTF-8, else
     *                                  null; left out when every key is UTF-8
     * @param keysUnreadablePartitions  the partitions whose stores could not be read through the keys asked for (a
     *                                  damaged table file, say): keys of theirs may be missing from {@code keys}
     * @param keysUnavailablePartitions the partitions whose stores could not be read now (moved to another instance,
     *                                  or being restored, while the request was answered): keys of theirs may be
     *                                  missing; asking again helps. Not among the unreadable ones, which name damage
     *                                  that stays until an operator rebuilds the store: a rebuild does not help here
     * @param keysTruncatedPartitions   the partitions whose stores' reads stopped at their cap of keys read (1,000)
     *                                  with keys left that start with the bytes asked for: keys past those may be
     *                                  missing; a longer prefix reaches them
     */
    record KeysBody(List<String> keys, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> keySegments,
                    List<Integer> keysUnreadablePartitions, List<Integer> keysUnavailablePartitions,
                    List<Integer> keysTruncatedPartitions) {

        static KeysBody of(List<KeyName> keys, List<Integer> unreadablePartitions,
                           List<Integer> unavailablePartitions, List<Integer> truncatedPartitions) {
            List<String> segments = keys.stream().map(KeyName::segment).toList();
            return new KeysBody(keys.stream().map(KeyName::text).toList(),
                    segments.stream().allMatch(Objects::isNull) ? null : segments, unreadablePartitions,
                    unavailablePartitions, truncatedPartitions);
        }
    }

    /**
     * @param key        the key as people read it ({@link KeyName#text()})
     * @param keySegment the key percent-encoded, to address it with, when it is not UTF-8; left out otherwise
     * @param state      the key's stored state: latest forecast (all steps ahead) and scores
     * @param series     the key's latest predictions as this instance recorded them, or null when it has none
     */
    record KeyBody(String key, @JsonInclude(JsonInclude.Include.NON_NULL) String keySegment, String servedBy,
                   double threshold, KeyEndpoint.KeyStateBody state, Series series) {

        static KeyBody of(KeyName key, String servedBy, double threshold, KeyEndpoint.KeyStateBody state,
                          KeySeries series) {
            return new KeyBody(key.text(), key.segment(), servedBy, threshold, state,
                    series == null ? null : Series.of(series));
        }
    }

    /**
     * A key's latest predictions, oldest first, for the first forecast value.
     *
     * @param forecast     at each event, the forecast that was made for it at the key's previous event
     * @param lower        lower bound of that forecast's interval; null while forecasts carry none
     * @param scoring      at each event, how far it was scored: {@code scored}, {@code learning} (in the key's
     *                     learning period, not at all) or {@code relearning} (its forecast errors' statistics
     *                     learning again, after a new model version most often)
     * @param nextForecast the forecast made at the latest event for the next one
     */
    record Series(long[] time, Double[] actual, Double[] forecast, Double[] lower, Double[] upper,
                  Double[] likelihood, boolean[] anomaly, String[] scoring, long[] modelVersion,
                  Double nextForecast, Double nextLower, Double nextUpper) {

        static Series of(KeySeries s) {
            return new Series(s.times(), finite(s.actual()), finite(s.forecast()), finite(s.lower()), finite(s.upper()),
                    finite(s.likelihood()), s.anomaly(), Arrays.stream(s.scoring()).map(Scoring::label)
                    .toArray(String[]::new), s.modelVersion(), finite(s.nextForecast()),
                    finite(s.nextLower()), finite(s.nextUpper()));
        }
    }
}
