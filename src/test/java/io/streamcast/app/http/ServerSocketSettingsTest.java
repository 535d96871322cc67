package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The JDK's server reads its settings from system properties once, when first used, so the ops server sets them as
 * its class loads. Nagle's algorithm off: with it on, every short answer on a kept-alive connection waited about 40
 * ms for the client's delayed acknowledgement of its headers (StaticAssetsTest's 800 short 404s took 50 s, 16 s
 * without it).
 */
class ServerSocketSettingsTest {

    @Test
    void shouldTurnNaglesAlgorithmOffAndBoundHowLongARequestMayTakeToArrive() throws ClassNotFoundException {
        Class.forName(OpsHttpServer.class.getName(), true, OpsHttpServer.class.getClassLoader());

        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("10");
    }
}
