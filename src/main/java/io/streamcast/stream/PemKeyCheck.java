package io.streamcast.stream;

import io.streamcast.serde.PemKeyEncryption;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Refuses a Kafka client's PEM key, in a file or given inline, encrypted with an algorithm the running JVM cannot
 * decrypt (see {@link PemKeyEncryption}): the client decrypted it with the key password as it was created, and failed,
 * after the start had begun ({@code PBES2 SecretKeyFactory not available} on Java 17), naming no setting.
 */
final class PemKeyCheck {


    private PemKeyCheck() {
    }

    /**
     * @param client the client's settings as Kafka Streams derives them
     * @param prefixes the prefixes, most specific first, under which a setting reaches this client
     * @throws ConfigException naming the key's setting as it was given
     */
    static void require(AbstractConfig client, Properties settings, String[] prefixes) {
        // without a key password Kafka's clients read the key as not encrypted, and fail on it for that
        if (!KafkaClientsCheck.opensSslStores(client) || !KafkaClientsCheck.PEM.equals(client.getString(SslConfigs
                .SSL_KEYSTORE_TYPE_CONFIG)) || client.getPassword(SslConfigs.SSL_KEY_PASSWORD_CONFIG) == null) {
            return;
        }
        Password inline = client.getPassword(SslConfigs.SSL_KEYSTORE_KEY_CONFIG);
        String location = client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        if (inline == null && location == null) {
            return;
        }
        String name = inline != null ? SslConfigs.SSL_KEYSTORE_KEY_CONFIG : SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
        Object value = inline != null ? inline : location;
        PemKeyEncryption.undecryptable(EmptyClientSettingsCheck.pemKey(client)).ifPresent(algorithm -> {
            throw new ConfigException(KafkaClientsCheck.given(settings, name, prefixes), value, "under "
                    + KafkaClientsCheck.securityProtocol(client) + " the PEM key is encrypted with " + algorithm
                    + ", so Kafka's clients would fail on it as they are created, after the start has begun:"
                    + " re-encrypt it with openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES, or use a PKCS12 key store");
        });
    }
}
