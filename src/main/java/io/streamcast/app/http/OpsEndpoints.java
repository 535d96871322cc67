package io.streamcast.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.app.ops.HealthReport;
import io.streamcast.app.ops.KeyStateLookup;
import io.streamcast.app.ops.OpsMeters;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.predict.InputSpec;
import io.streamcast.training.ModelChoices;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the read-only endpoints of one instance:
 *
 * <pre>
 *  GET /metrics        Prometheus text exposition format (HEAD too, for every path: GET's status and headers)
 *  GET /health/live    200 while the streams have not failed or stopped, else 503
 *  GET /health/ready   200 while the streams are RUNNING, else 503
 *  GET /keys/{key}     a key's latest forecast and anomaly scores (JSON)
 *  GET /model          the model in use (JSON)
 *  GET /               the web console (see {@link ConsoleEndpoints})
 * </pre>
 *
 * <p>A request's content is passed over, up to {@link RequestContent#IGNORED_BYTES}; more is answered 413, and
 * content that cannot be read to its end (its chunks malformed) 400.
 */
public final class OpsEndpoints implements HttpHandler {

    public static final String METRICS = "/metrics";
    public static final String LIVENESS = "/health/live";
    public static final String READINESS = "/health/ready";
    public static final String KEYS = KeyEndpoint.PREFIX;
    public static final String MODEL = "/model";

    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final OpsMeters meters;
    private final HealthCheck health;
    private final KeyEndpoint keys;
    private final ModelEndpoint model;
    private final ConsoleEndpoints console;

    /**
     * @param choices          what the trainer chooses itself (the settings left AUTO), which {@code /model} shows
     *                         as such until the first model version arrives
     * @param anomalyThreshold the likelihood from which an event is an anomaly, which the console draws
     * @param queryTimeout     how long a query forwarded to the key's owner may take
     * @param console          what the web console shows, or null to serve no console
     */
    public OpsEndpoints(OpsMeters meters, HealthCheck health, KeyStateLookup lookup, ModelCatalog models,
                        InputSpec spec, ModelChoices choices, double anomalyThreshold, Duration queryTimeout,
                        ConsoleData console) {
        this.meters = meters;
        this.health = health;
        PeerClient peers = new PeerClient(queryTimeout,
                KeyAnswerSize.atMost(spec, console == null ? 0 : console.recent().points()));
        this.keys = new KeyEndpoint(lookup, peers);
        this.model = new ModelEndpoint(models, spec, choices);
        this.console = console == null ? null
                : new ConsoleEndpoints(console, lookup, peers, model, health, anomalyThreshold);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        RequestContent content = RequestContent.passOver(exchange.getRequestBody());
        Response response;
        boolean closeConnection = false;
        try {
            response = content.unreadable() != null ? contentUnreadable(exchange, content.unreadable())
                    : content.tooLarge() ? contentTooLarge() : route(exchange);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = internalError();
        } catch (Error e) {
            // Answered, where the server would let it end the thread and leave the client waiting on a connection
            // nobody serves. Not thrown on: the server only prints it and replaces the thread.
            LOG.error("{} {} failed with an error", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = internalError();
            // The connection is not reused: whatever the error left half done, the next request starts afresh.
            closeConnection = true;
        }
        // Its content is read only up to a bound, or not to its end: the connection cannot be reused.
        closeConnection |= !content.readToEnd();
        try {
            if (closeConnection) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            if (response.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(response.retryAfter().toSeconds()));
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                // GET's status and headers without its body (RFC 9110), which uptime checkers ask for.
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(response.body().length));
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                OutputStream body = exchange.getResponseBody();
                body.write(response.body());
                // Out before the rest of too large a content is read, so that a client reading as it sends stops.
                body.flush();
            }
            content.drainAfterRefusal();
        } finally {
            exchange.close();
        }
    }

    /**
     * The answer to a failure nobody foresaw, which says nothing of it: a failure's class and message can name the
     * internals, paths and data, which are for the operator, who finds them in the log with the request's method and
     * path, and not for any client that can reach the port.
     */
    private static Response internalError() {
        return Response.error(500, "internal error");
    }

    /**
     * The answer to content whose framing is broken, in words of our own: the JDK's message names its internals
     * ("Bad chunk header"), which are for the operator, who finds it in the log with the request's method and path.
     */
    private static Response contentUnreadable(HttpExchange exchange, IOException reason) {
        LOG.warn("{} {}: the request's content cannot be read: {}", exchange.getRequestMethod(),
                exchange.getRequestURI(), reason.toString());
        return Response.error(400, "the request's content cannot be read: its framing is broken; every endpoint is"
                + " read-only (GET or HEAD) and reads none, but a request's content must be framed as its"
                + " Content-Length or Transfer-Encoding says");
    }

    private static Response contentTooLarge() {
        return Response.error(413, "the request carries more than " + RequestContent.IGNORED_BYTES + " bytes of"
                + " content; every endpoint is read-only (GET or HEAD) and reads none, passing over up to "
                + RequestContent.IGNORED_BYTES + " bytes");
    }

    private Response route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        boolean console = this.console != null && ConsoleEndpoints.serves(path);
        boolean known = path.equals(METRICS) || path.equals(LIVENESS) || path.equals(READINESS)
                || path.equals(MODEL) || path.startsWith(KEYS) || console;
        if (!known) {
            return Response.error(404, "no such endpoint; try " + METRICS + ", " + LIVENESS + ", " + READINESS
                    + ", " + KEYS + "{key} or " + MODEL);
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.error(405, "read-only: only GET and HEAD are served");
        }
        if (console) {
            return this.console.get(path, exchange.getRequestURI().getRawQuery(),
                    Forwarding.of(exchange.getRequestHeaders()));
        }
        return switch (path) {
            case METRICS -> Response.text(200, PROMETHEUS_TEXT, meters.scrape());
            case LIVENESS -> healthResponse(health.liveness());
            case READINESS -> healthResponse(health.readiness());
            case MODEL -> model.get();
            default -> keys.get(path, Forwarding.of(exchange.getRequestHeaders()));
        };
    }

    private static Response healthResponse(HealthReport report) {
        return Response.json(report.up() ? 200 : 503, report);
    }
}
