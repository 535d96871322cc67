package io.streamcast.app.http;

import io.streamcast.app.ops.OpsMeters;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * {@link StreamlessEndpoints} in a JVM of their own, for tests of what the JDK's server reads once per JVM (its
 * {@code sun.net.httpserver} settings): in the tests' JVM another test's server may have read them first. Prints its
 * port, then serves until its standard input ends.
 */
final class StreamlessServerProcess {

    private StreamlessServerProcess() {
    }

    public static void main(String[] args) throws IOException {
        OpsMeters meters = new OpsMeters("streamless-process", Duration.ofSeconds(10));
        try (OpsHttpServer server = StreamlessEndpoints.serve(meters, null)) {
            System.out.println(server.port());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
