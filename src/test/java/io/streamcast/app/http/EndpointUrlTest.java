package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The printed address of the HTTP endpoints is one a client can open; the expected URLs are written by hand. */
class EndpointUrlTest {

    private static InetSocketAddress bound(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    @Test
    void shouldPrintTheIpv6WildcardOfTheDefaultBindAddressAsLocalhost() throws UnknownHostException {
        String url = EndpointUrl.of(bound("::", 8080));

        assertThat(url).isEqualTo("http://localhost:8080");
        assertThat(URI.create(url).getPort()).isEqualTo(8080);
    }

    @Test
    void shouldPrintTheIpv4WildcardAsLocalhost() throws UnknownHostException {
        assertThat(EndpointUrl.of(bound("0.0.0.0", 18932))).isEqualTo("http://localhost:18932");
    }

    @Test
    void shouldBracketAnIpv6Address() throws UnknownHostException {
        String url = EndpointUrl.of(bound("::1", 8080));

        assertThat(url).isEqualTo("http://[0:0:0:0:0:0:0:1]:8080");
        assertThat(URI.create(url).getHost()).isEqualTo("[0:0:0:0:0:0:0:1]");
    }

    @Test
    void shouldPrintAnIpv4AddressAsItIs() throws UnknownHostException {
        assertThat(EndpointUrl.of(bound("127.0.0.1", 35581))).isEqualTo("http://127.0.0.1:35581");
    }
}
