package io.streamcast.app.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Asks the instance that owns a key for its state, on behalf of a client of this instance. */
final class PeerClient {

    /** Marks a query that one instance passed to another, which must answer it itself. */
    static final String FORWARDED_BY_HEADER = "X-Streamcast-Forwarded-By";

    private final HttpClient client;
    private final Duration timeout;

    PeerClient(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The owner's answer, relayed unchanged, or a 502/504 saying why there is none. */
    Response keyState(HostInfo owner, String key, HostInfo self) {
        return get(owner, KeyEndpoint.PREFIX + encode(key), self);
    }

    /**
     * Asks {@code owner} for {@code path} (already encoded) on behalf of a client; the answer is relayed unchanged,
     * or a 502/504 says why there is none.
     */
    Response get(HostInfo owner, String path, HostInfo self) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header(FORWARDED_BY_HEADER, self.host() + ":" + self.port()).GET().build();
        try {
            HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(Response.JSON), answer.body());
        } catch (HttpTimeoutException e) {
            return Response.error(504, "the instance that owns the key, " + owner + ", did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Response.error(502, "cannot reach the instance that owns the key, " + owner + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted while asking " + owner);
        }
    }

    /** Percent-encodes a key as one path segment. */
    static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
