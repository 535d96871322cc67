package io.streamcast.app.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener of one instance. Binding and serving are separate steps, so that the port is known (also a
 * free one, port 0) before the instance that it serves starts and announces its address to the others.
 */
public final class OpsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    /**
     * The most threads answering requests at once, each ended after {@link #IDLE_SECONDS} without a request; a
     * request beyond them waits for one. Below the most, a request gets a new thread though others are idle (a
     * ThreadPoolExecutor makes one per task under its core size): a probe every 10 s keeps about six. Not the four
     * that probes, scrapes and queries need (a forwarded query holds one until its owner answers, and at most {@link
     * PeerClient#MAX_IN_FLIGHT} do at once, and one read of the training history, which can wait on the schema
     * registry): the JDK's server reads a request on the thread that answers it, so a client that sends its requests
     * slowly holds a thread per connection for up to {@link #MAX_REQUEST_SECONDS}, and with four, four such
     * connections left the probes none.
     */
    private static final int THREADS = 32;
    private static final long IDLE_SECONDS = 60;

    /**
     * How long, in seconds, a request may take to arrive (its line, headers and content) before the JDK's server
     * closes its connection. Why: that server reads a request on one of the {@link #THREADS} threads and waits for
     * the rest of it without end, so a client that stops sending mid-request (its host gone without closing the
     * connection, or a slow client on purpose) would hold the thread for ever, and enough of them would leave the
     * probes none. The server reads it once, when it is first used, so it is set before; one given with -D is kept.
     */
    private static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
    private static final String MAX_REQUEST_SECONDS = "10";

    /**
     * Whether the JDK's server turns off Nagle's algorithm on its connections. It writes an answer's headers and its
     * body apart; with Nagle on, a short body waits for the client's delayed acknowledgement of the headers, about 40
     * ms on Linux, so every short answer on a kept-alive connection (the console's polls, a probe's) took that long.
     */
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_TIME_PROPERTY, MAX_REQUEST_SECONDS);
        }
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private final HttpServer server;
    private ExecutorService executor;
    private boolean started;

    private OpsHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code address}:{@code port} (0 for a free port); requests wait until {@link #serve}. */
    public static OpsHttpServer bind(String address, int port) {
        try {
            return new OpsHttpServer(HttpServer.create(new InetSocketAddress(address, port), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for HTTP on " + address + ":" + port, e);
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts answering requests with {@code handler}. */
    public synchronized void serve(HttpHandler handler) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "streamcast-http-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // an instance that is seldom asked keeps none of them
        threads.allowCoreThreadTimeOut(true);
        executor = threads;
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        started = true;
    }

    @Override
    public synchronized void close() {
        if (!started) {
            // the JDK's server closes its socket only on the dispatcher thread its start makes: stopped unstarted (a
            // node whose build failed), it went on listening on its port
            started = true;
            try {
                server.start();
            } catch (RuntimeException e) {
                // no dispatcher thread to be had: stopped as before, the port stays bound until the JVM exits
                LOG.warn("Cannot free the HTTP port of a listener that never served: {}", e.toString());
            }
        }
        server.stop(0);
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
