package io.streamcast.config;

import io.streamcast.serde.StoreKeys;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Refuses a Kafka client's key store holding a key that does not open with the key password ({@code
 * ssl.key.password}, or where it is left out the store's): Kafka's clients hand the store to Java's key manager, whose
 * default algorithm, SunX509, opens every key with that one password and fails on any that does not, so the client
 * failed as it was created, after the start had begun ({@code Cannot recover key}), naming no setting. Under {@code
 * ssl.keymanager.algorithm=PKIX} Kafka's clients are created with such a store, and it passes.
 */
final class KeyStoreCheck {

    private static final String SUN_X509 = "SunX509";

    private KeyStoreCheck() {
    }

    /**
     * Whether the client's key manager opens every key of its key store as the client is created: SunX509 does, and
     * fails on one that does not open; PKIX opens a key only when it presents it, and skips one that does not.
     */
    static boolean opensEveryKey(AbstractConfig client) {
        return SUN_X509.equalsIgnoreCase(client.getString(SslConfigs.SSL_KEYMANAGER_ALGORITHM_CONFIG));
    }

    /**
     * @param client the client's settings as Kafka Streams derives them
     * @param prefixes the prefixes, most specific first, under which a setting reaches this client
     * @throws ConfigException naming the password setting as it was given, and the key
     */
    static void require(AbstractConfig client, Properties settings, String[] prefixes) {
        String protocol = KafkaClientsCheck.securityProtocol(client);
        String location = client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        Password storePassword = client.getPassword(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
        // a store without its password Kafka's clients refuse as it is
        if (!KafkaClientsCheck.opensSslStores(client) || location == null || storePassword == null
                || !opensEveryKey(client)) {
            return;
        }
        String type = client.getString(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
        Password keyPassword = client.getPassword(SslConfigs.SSL_KEY_PASSWORD_CONFIG);
        String name = keyPassword != null ? SslConfigs.SSL_KEY_PASSWORD_CONFIG
                : SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG;
        Password password = keyPassword != null ? keyPassword : storePassword;
        StoreKeys.notOpeningWith(type, location, storePassword.value().toCharArray(),
                password.value().toCharArray()).ifPresent(alias -> {
                    String given = KafkaClientsCheck.given(settings, name, prefixes);
                    // a key password left out is to be given beside its store's, under the same prefix
                    String leftOut = keyPassword != null ? "" : " (" + given.substring(0, given.length()
                            - name.length()) + SslConfigs.SSL_KEY_PASSWORD_CONFIG + " is left out, so the keys'"
                            + " password is the store's)";
                    throw new ConfigException(given, password, "under " + protocol + " the key " + alias + " in the "
                            + type + " store " + location + " does not open with it" + leftOut + ", so Kafka's"
                            + " clients would fail as they are created, after the start has begun (Cannot recover"
                            + " key): under ssl.keymanager.algorithm=" + SUN_X509 + ", its default, every key in the"
                            + " store must open with the one key password; give each key that password, or keep"
                            + " only the client's key in the store");
                });
    }
}
