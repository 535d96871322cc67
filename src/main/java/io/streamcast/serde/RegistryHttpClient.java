package io.streamcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Sends Confluent REST API requests to the registry's URLs: failover across URLs, bounded retries with jittered
 * exponential backoff on connection errors, timeouts and 408/429/5xx answers, all within one deadline per call
 * ({@code schema.registry.call.timeout.ms}), and an error for everything else that says what was asked, of which
 * URL, and what the registry answered. It knows nothing of schemas.
 */
final class RegistryHttpClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json,"
            + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final int MAX_ERROR_BODY_CHARS = 300;
    /** The largest answer read: schemas take kilobytes. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final List<RegistryEndpoint> endpoints;
    private final HttpClient http;

    private final Duration readTimeout;
    private final Duration callTimeout;
    private final int maxRetries;
    private final long retryWaitMillis;
    private final long retryMaxWaitMillis;
    private final ObjectMapper json = new ObjectMapper();
    /** The endpoint that answered last; requests start there so a dead URL costs one failure, not one per call. */
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryHttpClient(List<RegistryEndpoint> endpoints, Optional<SSLContext> tls, Duration connectTimeout,
                       Duration readTimeout, Duration callTimeout, int maxRetries, Duration retryWait,
                       Duration retryMaxWait) {
        this.endpoints = List.copyOf(endpoints);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
        this.readTimeout = readTimeout;
        this.callTimeout = callTimeout;
        this.maxRetries = maxRetries;
        this.retryWaitMillis = retryWait.toMillis();
        this.retryMaxWaitMillis = retryMaxWait.toMillis();
    }

    static RegistryHttpClient fromConfig(SchemaRegistryConfig config) {
        return new RegistryHttpClient(RegistryAuthentication.endpoints(config), RegistryTls.context(config),
                config.connectTimeout(), config.readTimeout(), config.callTimeout(), config.maxRetries(),
                config.retriesWait(), config.retriesMaxWait());
    }

    String describe() {
        return endpoints.stream().map(RegistryEndpoint::display).collect(Collectors.joining(", "));
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Sends {@code method path} with {@code body} (null for none) and returns the parsed JSON answer. {@code action}
     * says what the request is for, in words that fit "... failed": it starts every error message.
     */
    JsonNode send(String method, String path, JsonNode body, String action) {
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        CallDeadline deadline = CallDeadline.after(callTimeout);
        Map<String, String> failures = new LinkedHashMap<>();
        SchemaRegistryException last = null;
        int attempts = 0;
        attempts:
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0 && !pause(attempt - 1, deadline, action)) {
                break;
            }
            attempts++;
            int start = preferred.get();
            for (int i = 0; i < endpoints.size(); i++) {
                if (deadline.passed()) {
                    break attempts;
                }
                int index = (start + i) % endpoints.size();
                RegistryEndpoint endpoint = endpoints.get(index);
                HttpResponse<byte[]> response;
                try {
                    response = answer(request(endpoint, method, path, bytes, deadline), deadline);
                } catch (IOException e) {
                    failures.put(endpoint.display(), describe(e));
                    last = null;
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(action + " was interrupted", e);
                }
                preferred.set(index);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(response.body(), endpoint, action);
                }
                SchemaRegistryException failure = refusal(endpoint, action, status, response.body());
                if (!isRetriable(status)) {
                    throw failure;
                }
                failures.put(endpoint.display(), "HTTP " + status);
                last = failure;
            }
        }
        // fewer attempts than allowed means the deadline ended them
        boolean outOfTime = attempts <= maxRetries || deadline.passed();
        String gaveUp = "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (outOfTime ? " when " + SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG + " ("
                + callTimeout.toMillis() + " ms) ran out" : "");
        String perUrl = failures.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        if (last != null) {
            throw new SchemaRegistryException(last.getMessage() + " (" + gaveUp
                    + (endpoints.size() > 1 ? "; last answers: " + perUrl : "") + ")", last.httpStatus(),
                    last.errorCode());
        }
        if (failures.isEmpty()) {
            throw new SchemaRegistryException(action + " failed: no time left to ask the schema registry at "
                    + describe() + "; " + gaveUp);
        }
        throw new SchemaRegistryException(action + " failed: cannot reach the schema registry at " + perUrl
                + "; " + gaveUp);
    }

    /**
     * The registry's whole answer to {@code request}: its headers within the read timeout (the request's own), its
     * body within twice that, and at most {@value #MAX_ANSWER_BYTES} bytes of it; all of it before the call's
     * {@code deadline}. Why the second bound: the request's timeout ends when the headers arrive, and a registry that
     * sent them and stalled would hold the stream thread that asked for good.
     */
    private HttpResponse<byte[]> answer(HttpRequest request, CallDeadline deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request,
                CappedBody.upTo(MAX_ANSWER_BYTES));
        long wholeAnswer = 2 * readTimeout.toMillis();
        long limit = Math.min(wholeAnswer, deadline.remainingMillis());
        try {
            return pending.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + limit + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private HttpRequest request(RegistryEndpoint endpoint, String method, String path, byte[] body,
                                CallDeadline deadline) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofMillis(Math.max(1, Math.min(readTimeout.toMillis(), deadline.remainingMillis()))))
                .header("Accept", ACCEPT);
        endpoint.authorization().ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return builder.build();
    }

    private JsonNode parse(byte[] body, RegistryEndpoint endpoint, String action) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(action + " failed at " + endpoint.display()
                    + ": the answer is not JSON: " + excerpt(body), e);
        }
    }

    private SchemaRegistryException refusal(RegistryEndpoint endpoint, String action, int status, byte[] body) {
        int errorCode = status;
        String message = excerpt(body);
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.has("error_code")) {
                errorCode = error.get("error_code").asInt(status);
                message = error.path("message").asText("");
            }
        } catch (IOException notJson) {
            // Proxies and servlet containers answer with HTML or plain text; the excerpt says enough.
        }
        StringBuilder text = new StringBuilder(action).append(" failed at ").append(endpoint.display())
                .append(": HTTP ").append(status).append(", error_code ").append(errorCode);
        if (!message.isBlank()) {
            text.append(": ").append(message);
        }
        if (status == 401) {
            text.append(" (check ").append(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG).append(" and ")
                    .append(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG).append(", or ")
                    .append(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG).append(')');
        } else if (status == 403) {
            text.append(" (the registry does not allow the credentials of ")
                    .append(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG).append(", ")
                    .append(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG)
                    .append(" or the URL's user info this operation: grant them access, or configure others)");
        }
        return new SchemaRegistryException(text.toString(), status, errorCode);
    }

    private static boolean isRetriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Waits before retry number {@code retry} (from 0), unless the wait would reach the call's {@code deadline}: no
     * attempt could follow it, so the call gives up at once rather than sleep to no purpose.
     *
     * @return whether a retry may follow
     */
    private boolean pause(int retry, CallDeadline deadline, String action) {
        long ceiling = Math.min(retryMaxWaitMillis, retryWaitMillis << Math.min(retry, 30));
        long wait = ceiling <= 0 ? 0 : ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        if (wait >= deadline.remainingMillis()) {
            return false;
        }
        if (wait == 0) {
            return true;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(action + " was interrupted", e);
        }
        return true;
    }

    /** The failure's type (the JDK client often leaves the message empty) and the first message in its causes. */
    private static String describe(IOException e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return e.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }
}
