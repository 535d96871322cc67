package io.streamcast.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Whether a client's empty TLS password is the one its store was made with. A JKS or PKCS12 store can be made with
 * the empty password ({@code openssl pkcs12 -export -passout pass:}), and then opens only with it: Kafka's clients
 * refuse a key store whose password is left out, and read a PKCS12 trust store without one as holding no certificate.
 */
final class EmptyStorePassword {

    private static final char[] EMPTY = new char[0];

    private EmptyStorePassword() {
    }

    /** Whether {@code client}'s store, or for the key password a key in its key store, opens with the empty one. */
    static boolean opensItsStore(AbstractConfig client, String password) {
        return switch (password) {
            case SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG -> load(client.getString(
                    SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG), client.getString(
                    SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG), EMPTY) != null;
            case SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG -> keyStore(client, EMPTY) != null;
            case SslConfigs.SSL_KEY_PASSWORD_CONFIG -> opensAKey(keyStore(client,
                    chars(client.getPassword(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG))));
            default -> false;
        };
    }

    private static KeyStore keyStore(AbstractConfig client, char[] password) {
        return load(client.getString(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG),
                client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG), password);
    }

    /** The store, or null when it cannot be read with {@code password} (the client then fails on it as before). */
    private static KeyStore load(String type, String location, char[] password) {
        if (location == null || password == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static boolean opensAKey(KeyStore store) {
        if (store == null) {
            return false;
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, EMPTY) != null) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
