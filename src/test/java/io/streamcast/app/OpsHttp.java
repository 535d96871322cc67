package io.streamcast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.app.http.OpsHttpServer;
import io.streamcast.testing.kafka.StreamcastFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** Starts instances with their HTTP endpoints and asks them things, as a client or a probe would. */
public final class OpsHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpsHttp() {
    }

    /**
     * Starts one more instance of {@code app} whose endpoints listen on a free loopback port, announced to the
     * other instances as its {@code application.server}.
     */
    public static StreamcastNode startNode(StreamcastFixture app, Map<String, Object> overrides) {
        OpsHttpServer http = OpsHttpServer.bind("127.0.0.1", 0);
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + http.port());
        return app.startInstance(settings, config -> StreamcastNode.start(config, http));
    }

    public static String endpoint(StreamcastNode node) {
        InetSocketAddress address = node.httpAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    public static Answer get(StreamcastNode node, String path) {
        return get(URI.create("http://" + endpoint(node) + path), Map.of());
    }

    public static Answer get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer; {@code retryAfter} is its Retry-After header, or null without one. */
    public record Answer(int status, String contentType, String body, String retryAfter) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
