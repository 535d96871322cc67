package io.streamcast.app.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A key's owner that answers each query 200 only once let: a slow instance, on which a test can fill
 * {@link PeerClient#MAX_IN_FLIGHT} places and free them one by one. Closing it answers every query left.
 */
final class SlowOwner implements AutoCloseable {

    /** How long a query waits to be let through, or a test for the queries to arrive, at most. */
    private static final long BOUND_SECONDS = 30;

    private final Semaphore answers = new Semaphore(0);
    private final CountDownLatch arrived;
    private final HttpServer server;

    /** @param expected how many queries {@link #awaitArrivals()} waits for */
    SlowOwner(int expected) throws IOException {
        arrived = new CountDownLatch(expected);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            arrived.countDown();
            try {
                answers.tryAcquire(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    HostInfo host() {
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    /** Whether the expected queries have reached this owner within the bound. */
    boolean awaitArrivals() throws InterruptedException {
        return arrived.await(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    /** Lets {@code queries} waiting or later queries be answered. */
    void answer(int queries) {
        answers.release(queries);
    }

    /** Lets every query be answered from now on. */
    void answerAll() {
        answers.release(Integer.MAX_VALUE / 2);
    }

    @Override
    public void close() {
        answerAll();
        server.stop(0);
    }
}
