package io.streamcast.app.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The address an instance prints for its HTTP endpoints, written so that a browser or curl can open it. The server
 * reports the address it is bound to, which for the default {@code http.bind.address} of {@code 0.0.0.0} is the
 * wildcard ({@code 0:0:0:0:0:0:0:0} on a dual-stack machine): no host to open, and an IPv6 literal without the
 * brackets a URL needs. A wildcard reaches this machine's loopback, so it is printed as {@code localhost}; any other
 * IPv6 address is bracketed.
 */
public final class EndpointUrl {

    private EndpointUrl() {
    }

    public static String of(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String host;
        if (address == null) {
            host = bound.getHostString();
        } else if (address.isAnyLocalAddress()) {
            host = "localhost";
        } else if (address instanceof Inet6Address) {
            host = "[" + address.getHostAddress() + "]";
        } else {
            host = address.getHostAddress();
        }
        return "http://" + host + ":" + bound.getPort();
    }
}
