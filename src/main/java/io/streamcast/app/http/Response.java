package io.streamcast.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP answer: status, content type, body, and for a condition that passes by itself (a rebalance, a restore, a
 * registry or an owner briefly away) how long a client should wait before asking again; null when asking again
 * cannot help.
 */
record Response(int status, String contentType, byte[] body, Duration retryAfter) {

    static final String JSON = "application/json";

    /**
     * The wait suggested with a 503. Why this long: a rebalance or a restore of the key-state store usually ends
     * within seconds, and a client that asks again at once only adds to the queries the instance turns away.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    static Response json(int status, Object value) {
        try {
            return new Response(status, JSON, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static Response error(int status, String message) {
        return json(status, new ErrorBody(message));
    }

    /** A 503 for a condition that passes by itself, with {@link #RETRY_AFTER}. */
    static Response unavailable(String message) {
        Response error = error(503, message);
        return new Response(error.status(), error.contentType(), error.body(), RETRY_AFTER);
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body of every error answer. */
    record ErrorBody(String error) {
    }
}
