package io.streamcast.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses an {@code http.bind.address} the HTTP endpoints could not listen on. They bind once the topics are set up,
 * so such an address stopped the start there, after the topics were created, with a message that named the address
 * but not the setting: one that does not resolve (a port written into it, {@code 0.0.0.0:8080}, or a misspelt host),
 * and one that resolves to another machine's address ({@code Cannot assign requested address}), as a copied
 * settings file names the host it came from.
 */
final class BindAddressCheck {

    private BindAddressCheck() {
    }

    /** @throws ConfigException naming {@code http.bind.address} */
    static void requireLocal(String address) {
        InetAddress resolved;
        try {
            resolved = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ConfigException(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, address, "is no IP address or host"
                    + " name that resolves (" + e.getMessage() + "); the port goes in "
                    + StreamcastConfig.HTTP_PORT_CONFIG);
        }
        if (!isThisMachines(resolved)) {
            throw new ConfigException(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, address, "resolves to "
                    + resolved.getHostAddress() + ", which is not an address of this machine's network interfaces;"
                    + " 0.0.0.0 listens on all of them");
        }
    }

    private static boolean isThisMachines(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            // the interfaces cannot be listed here: leave the judgement to the bind, which names the address
            return true;
        }
    }
}
