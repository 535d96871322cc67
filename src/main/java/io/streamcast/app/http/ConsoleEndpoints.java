package io.streamcast.app.http;

import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.HealthReport;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The read-only web console: its page at {@code /}, its files under {@code /console/}, and the JSON it polls under
 * {@code /console/api/}:
 *
 * <pre>
 *  GET /console/api/overview          counts, rates, the model in use, the latest anomalies of this instance
 *  GET /console/api/training          the latest training rounds, whatever their verdict
 *  GET /console/api/keys?prefix=P     keys this instance holds state for that start with P, and the partitions
 *                                     whose stores were not read through them
 *  GET /console/api/key?key=K         a key's latest predictions, from the instance that owns the key
 *  GET /console/api/keys/{key}        the same, the key as a path segment: what instances forward to each other
 * </pre>
 *
 * <p>A key is bytes, percent-encoded in a query's path or parameter; where an answer names a key that is not UTF-8
 * it gives its {@code key_segment} too, which the console asks by ({@link KeyName}).
 *
 * <p>The console itself asks for a key with the key in the query: in a path, a browser resolves the segments
 * {@code .} and {@code ..} (also percent-encoded) away, so keys {@code .} and {@code ..} would never reach the
 * instance. Java's HTTP client sends a path as it is, so instances forward the path form, which owners of every
 * release serve; only the empty key, which no path segment names, is forwarded in the query.
 */
final class ConsoleEndpoints {

    static final String PAGE = "/";
    static final String FILES = "/console/";
    static final String OVERVIEW = "/console/api/overview";
    static final String TRAINING = "/console/api/training";
    static final String KEYS = "/console/api/keys";
    static final String KEY = "/console/api/key";
    private static final int SUGGESTIONS = 20;
    private static final int ROUNDS = 200;

    private final ConsoleData data;
    private final KeyStateLookup lookup;
    private final KeyStateSearch search;
    private final ModelEndpoint model;
    private final HealthCheck health;
    private final double anomalyThreshold;
    private final StaticAssets assets = new StaticAssets();
    /**
     * Training history reads under way: one at most. Why: a report whose schema is not cached yet is read through the
     * schema registry, which, while it does not answer, holds the query (and one of the HTTP server's few threads)
     * for every retry of every URL up to its connect timeout; consoles polling during such an outage would otherwise
     * hold every thread, the probes would time out, and the orchestrator would restart a healthy instance.
     */
    private final Semaphore trainingReads = new Semaphore(1);
    private final KeyCountCache keyCount;

    ConsoleEndpoints(ConsoleData data, KeyStateLookup lookup, PeerClient peers, ModelEndpoint model,
                     HealthCheck health, double anomalyThreshold) {
        this.data = data;
        this.lookup = lookup;
        this.search = new KeyStateSearch(lookup, peers);
        this.model = model;
        this.health = health;
        this.anomalyThreshold = anomalyThreshold;
        this.keyCount = new KeyCountCache(lookup::keyCount, System::nanoTime);
    }

    static boolean serves(String path) {
        return path.equals(PAGE) || path.startsWith(FILES);
    }

    Response get(String rawPath, String rawQuery, Forwarding forwarded) {
        if (rawPath.equals(PAGE)) {
            return assets.get("index.html");
        }
        if (rawPath.equals(OVERVIEW)) {
            HealthReport readiness = health.readiness();
            return Response.json(200, ConsoleBodies.overview(self(), readiness.streams(), readiness.starting(),
                    data.activity().samples(), keyCount.get(), model.body(), data.recent().anomalies(),
                    anomalyThreshold));
        }
        if (rawPath.equals(TRAINING)) {
            return training();
        }
        if (rawPath.equals(KEYS)) {
            String prefix;
            try {
                prefix = queryParameter(rawQuery, "prefix");
            } catch (IllegalArgumentException e) {
                return Response.error(400, e.getMessage());
            }
            return suggestions(prefix);
        }
        if (rawPath.equals(KEY)) {
            return keyInQuery(rawQuery, forwarded);
        }
        if (rawPath.startsWith(KEYS + "/")) {
            return keyInPath(rawPath, forwarded);
        }
        if (rawPath.startsWith(FILES + "api/")) {
            return Response.error(404, "no such console query");
        }
        return assets.get(rawPath.substring(FILES.length()));
    }

    private Response training() {
        if (!trainingReads.tryAcquire()) {
            return Response.unavailable("the training history is being read for another query already, which waits"
                    + " on the schema registry; retry");
        }
        try {
            return Response.json(200, new ConsoleBodies.TrainingBody(
                    data.training().latest(ROUNDS).stream().map(ConsoleBodies.RoundBody::of).toList()));
        } catch (InvalidStateStoreException e) {
            return Response.unavailable("the training history cannot be read yet: " + e.getMessage());
        } catch (SchemaRegistryCredentialsRefusedException e) {
            // not an outage: a retry cannot help, so neither a 503 nor a Retry-After; the message names the settings
            return Response.error(502, "the training history cannot be read: the schema registry refused this"
                    + " instance's credentials, and will until they are mended: " + e.getMessage());
        } catch (SchemaRegistryUnavailableException e) {
            return Response.unavailable("the training history cannot be read while the schema registry does not"
                    + " answer: " + e.getMessage());
        } finally {
            trainingReads.release();
        }
    }

    /**
     * Keys whose text ({@link KeyName}) starts with {@code prefix}, in byte order: a UTF-8 key's text is the key, and
     * that of a key that is not UTF-8 its bytes written out, which no prefix but the empty one found while the keys
     * were looked up by the prefix's UTF-8 alone. Both are looked up, and each key found is kept only when its text
     * does start with the prefix (bytes found by an escape cut short, or by a backslash's UTF-8, may not): the
     * look-ups read past the keys left out, which would otherwise take the places of those kept. Both are read in one
     * look-up of the stores, so that a store is named or read for both. The partitions whose stores either look-up
     * did not read through are named, by why (damaged, not readable now, or cut short at their cap of keys read): keys
     * of theirs may be missing.
     */
    private Response suggestions(String prefix) {
        String typed = prefix == null ? "" : prefix;
        byte[] writtenOut = KeyName.bytesOfWrittenOutPrefix(typed);
        Predicate<byte[]> readsAsTyped = key -> KeyName.of(key).text().startsWith(typed);
        List<byte[]> prefixes = new ArrayList<>();
        prefixes.add(typed.getBytes(StandardCharsets.UTF_8));
        if (writtenOut != null) {
            prefixes.add(writtenOut);
        }
        try {
            KeyStateLookup.KeysWithPrefix found = lookup.keysWithPrefixes(prefixes, SUGGESTIONS, readsAsTyped);
            return Response.json(200, ConsoleBodies.KeysBody.of(found.keys().stream().map(KeyName::of).toList(),
                    found.unreadable(), found.unavailable(), found.truncated()));
        } catch (InvalidStateStoreException e) {
            return Response.unavailable("the key store cannot be read now: " + e.getMessage());
        }
    }

    private Response keyInQuery(String rawQuery, Forwarding forwarded) {
        byte[] key;
        try {
            String encoded = encodedQueryParameter(rawQuery, "key");
            if (encoded == null) {
                return Response.error(400, "expected " + KEY + "?key={key}, with the key percent-encoded");
            }
            key = KeySegment.decodeQueryValue(encoded);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        return key(key, forwarded);
    }

    private Response keyInPath(String rawPath, Forwarding forwarded) {
        String encoded = rawPath.substring(KEYS.length() + 1);
        if (encoded.isEmpty() || encoded.contains("/")) {
            return Response.error(404, "expected " + KEYS + "/{key}, with the key percent-encoded as one segment");
        }
        byte[] key;
        try {
            key = KeySegment.decode(encoded);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        return key(key, forwarded);
    }

    private Response key(byte[] key, Forwarding forwarded) {
        KeyName name = KeyName.of(key);
        // The path form, which owners of every release serve, but for the empty key, which it cannot name.
        String path = key.length == 0 ? KEY + "?key=" : KEYS + "/" + PercentEncoding.encode(key);
        KeyStateSearch.Outcome outcome = search.find(key, path, forwarded);
        if (outcome.relayed() != null) {
            return outcome.relayed();
        }
        KeyStateLookup.Result result = outcome.result();
        if (result instanceof KeyStateLookup.Found found) {
            return Response.json(200, ConsoleBodies.KeyBody.of(name, self(), anomalyThreshold,
                    KeyEndpoint.KeyStateBody.of(name, found.view(), self()),
                    data.recent().series(key).orElse(null)));
        }
        if (result instanceof KeyStateLookup.Missing) {
            return Response.error(404, "no state for key " + name.text() + ": no event of it has been accepted");
        }
        if (result instanceof KeyStateLookup.Remote) {
            return Response.unavailable("this instance does not own key " + name.text() + " and will not pass on"
                    + " a query forwarded by " + forwarded.by() + "; the instances are rebalancing, retry");
        }
        if (result instanceof KeyStateLookup.Unreadable unreadable) {
            // not an outage that passes by itself: neither a 503 nor a Retry-After
            return Response.error(500, unreadable.reason());
        }
        return Response.unavailable(((KeyStateLookup.Unavailable) result).reason());
    }

    private String self() {
        HostInfo self = lookup.self();
        return self == null ? "local" : self.host() + ":" + self.port();
    }

    /**
     * The decoded value of query parameter {@code name} (its first), or null. A {@code +} is a space, as HTML forms
     * encode a query. A parameter whose name cannot be decoded is passed over: it is not the one asked for.
     *
     * @throws IllegalArgumentException naming the reason when the parameter's value is not percent-encoded UTF-8
     */
    static String queryParameter(String rawQuery, String name) {
        String encoded = encodedQueryParameter(rawQuery, name);
        return encoded == null ? null : formDecoded(encoded, name);
    }

    /** The value of query parameter {@code name} (its first) as it came, still encoded, or null. */
    private static String encodedQueryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && name.equals(formDecodedOrNull(pair.substring(0, eq), "parameter name"))) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static String formDecoded(String encoded, String what) {
        return PercentEncoding.utf8(PercentEncoding.bytes(encoded.replace('+', ' '), what), what);
    }

    private static String formDecodedOrNull(String encoded, String what) {
        try {
            return formDecoded(encoded, what);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
