package io.streamcast.config;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Refuses a Kafka client's trust or key store typed PEM in another case than capitals ({@code pem}): Kafka's clients
 * read a PEM store only under the type PEM, and look a file under any other type up as a Java KeyStore type, of which
 * the JDK has no PEM ({@code pem KeyStore not available}); a store given inline they refuse under any other type. The
 * client failed as it was created, after the start had begun. The type without a store is not read, and passes.
 */
final class PemStoreTypeCheck {

    /** Each store's type setting, its file's, and its PEM text's given inline. */
    private static final List<List<String>> STORES = List.of(
            List.of(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                    SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG),
            List.of(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                    SslConfigs.SSL_KEYSTORE_KEY_CONFIG));

    private PemStoreTypeCheck() {
    }

    /**
     * @param client the client's settings as Kafka Streams derives them
     * @param prefixes the prefixes, most specific first, under which a setting reaches this client
     * @throws ConfigException naming the type setting as it was given
     */
    static void require(AbstractConfig client, Properties settings, String[] prefixes) {
        if (!KafkaClientsCheck.opensSslStores(client)) {
            return;
        }
        for (List<String> store : STORES) {
            String type = client.getString(store.get(0));
            boolean inline = client.getPassword(store.get(2)) != null;
            boolean file = client.getString(store.get(1)) != null;
            boolean pemMiswritten = KafkaClientsCheck.PEM.equalsIgnoreCase(type) && !KafkaClientsCheck.PEM.equals(type);
            if (pemMiswritten && (inline || file && !aKeyStoreType(type))) {
                throw new ConfigException(KafkaClientsCheck.given(settings, store.get(0), prefixes), type, "under "
                        + KafkaClientsCheck.securityProtocol(client) + " Kafka's clients read a PEM store only under"
                        + " the type PEM, in capitals, and would fail on this one as they are created, after the"
                        + " start has begun: give PEM");
            }
        }
    }

    /** Whether a security provider of this JVM reads stores of {@code type}, as Kafka's clients read a file. */
    private static boolean aKeyStoreType(String type) {
        try {
            KeyStore.getInstance(type);
            return true;
        } catch (KeyStoreException e) {
            return false;
        }
    }
}
