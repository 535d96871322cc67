package io.streamcast.app.http;

import static io.streamcast.app.http.FiniteNumbers.finite;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamcast.anomaly.ScoringProgress;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.predict.InputPosition;
import io.streamcast.predict.KeyStateView;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /keys/{key}}: a key's latest forecast and anomaly scores, from this instance's store or from the
 * instance that owns the key. A query that another instance forwarded is never forwarded again, so that two
 * instances with different views of the assignment during a rebalance cannot pass it back and forth.
 */
final class KeyEndpoint {

    static final String PREFIX = "/keys/";

    private final KeyStateLookup lookup;
    private final KeyStateSearch search;

    KeyEndpoint(KeyStateLookup lookup, PeerClient peers) {
        this.lookup = lookup;
        this.search = new KeyStateSearch(lookup, peers);
    }

    /**
     * @param rawPath     the request's path, still percent-encoded
     * @param forwarded who forwarded this query, or null when a client asked directly
     */
    Response get(String rawPath, Forwarding forwarded) {
        String encoded = rawPath.substring(PREFIX.length());
        if (encoded.isEmpty() || encoded.contains("/")) {
            return Response.error(404, "expected /keys/{key}, with the key percent-encoded as one path segment");
        }
        byte[] key;
        try {
            key = KeySegment.decode(encoded);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        KeyName name = KeyName.of(key);
        KeyStateSearch.Outcome outcome = search.find(key, PeerClient.keyPath(key), forwarded);
        if (outcome.relayed() != null) {
            return outcome.relayed();
        }
        KeyStateLookup.Result result = outcome.result();
        if (result instanceof KeyStateLookup.Found found) {
            return Response.json(200, KeyStateBody.of(name, found.view(), servedBy()));
        }
        if (result instanceof KeyStateLookup.Missing) {
            return Response.error(404, "no state for key " + name.text() + ": no event of it has been accepted");
        }
        if (result instanceof KeyStateLookup.Remote remote) {
            return Response.unavailable("this instance does not own key " + name.text() + " (" + remote.owner()
                    + " does, as far as it knows) and will not pass on a query forwarded by " + forwarded.by()
                    + "; the instances are rebalancing, retry");
        }
        if (result instanceof KeyStateLookup.Unreadable unreadable) {
            // not an outage that passes by itself: neither a 503 nor a Retry-After
            return Response.error(500, unreadable.reason());
        }
        return Response.unavailable(((KeyStateLookup.Unavailable) result).reason());
    }

    private String servedBy() {
        HostInfo self = lookup.self();
        return self == null ? "local" : self.host() + ":" + self.port();
    }

    /**
     * @param key        the key as people read it ({@link KeyName#text()})
     * @param keySegment the key percent-encoded, to address it with, when it is not UTF-8; left out otherwise
     * @param forecast   forecast made after the last event, [horizon][forecast value], in the input's units
     * @param anomaly    whether the last event was an anomaly, as its prediction's is_anomaly said: its
     *                   likelihood reached anomaly.threshold outside the key's refractory period
     * @param forecastBy which of the key's forecasters each forecast came from: model, persistence, daily, weekly or
     *                   yesterday
     * @param forecasterErrors per forecaster, its recent mean absolute error at each step, [horizon][forecast value];
     *                   null until it has made enough forecasts there to be compared
     * @param lastPartition the events topic's partition of the last record the key applied, and
     * @param lastOffset    its offset there (a record read again at or before it is refused as replayed); both left
     *                      out for a key that has applied none since it began keeping them
     * @param scoring    the key's learning period and its error statistics' relearning, and how many of the key's next
     *                   events (errors) each leaves unscored; left out by an owner of an earlier release
     * @param servedBy   the instance whose store answered: its application.server, or "local" when unset
     */
    record KeyStateBody(String key, @JsonInclude(JsonInclude.Include.NON_NULL) String keySegment, long eventCount,
                        String lastEventTime, @JsonInclude(JsonInclude.Include.NON_NULL) Integer lastPartition,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long lastOffset, long modelVersion,
                        Double[][] forecast, String[][] forecastBy,
                        Map<String, Double[][]> forecasterErrors, Double rawScore, Double likelihood,
                        Double logLikelihood, boolean anomaly,
                        @JsonInclude(JsonInclude.Include.NON_NULL) ScoringProgress scoring, String servedBy) {

        /** The body of {@code view}, where a number that is not finite is null, as in every other answer. */
        static KeyStateBody of(KeyName key, KeyStateView view, String servedBy) {
            return new KeyStateBody(key.text(), key.segment(), view.eventCount(),
                    Instant.ofEpochMilli(view.lastEventTime()).toString(),
                    view.lastOffset() == InputPosition.NONE ? null : view.lastPartition(),
                    view.lastOffset() == InputPosition.NONE ? null : view.lastOffset(), view.modelVersion(),
                    finite(view.forecast()),
                    view.forecastBy(), finite(view.forecasterErrors()), finite(view.rawScore()),
                    finite(view.likelihood()), finite(view.logLikelihood()), view.anomaly(), view.scoring(),
                    servedBy);
        }
    }
}
