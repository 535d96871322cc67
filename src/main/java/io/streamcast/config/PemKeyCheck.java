package io.streamcast.config;

import io.streamcast.serde.PemKeyEncryption;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Refuses a Kafka client's PEM key, in a file or given inline, that its clients would fail on as they were created,
 * after the start had begun, naming no setting: a key encrypted with an algorithm the running JVM cannot decrypt (see
 * {@link PemKeyEncryption}; {@code PBES2 SecretKeyFactory not available} on Java 17), or an encrypted key whose
 * ssl.key.password is left out (without one Kafka's clients read the key as not encrypted).
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
        if (!KafkaClientsCheck.opensSslStores(client) || !KafkaClientsCheck.PEM.equals(client.getString(SslConfigs
                .SSL_KEYSTORE_TYPE_CONFIG))) {
            return;
        }
        Password inline = client.getPassword(SslConfigs.SSL_KEYSTORE_KEY_CONFIG);
        String location = client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        if (inline == null && location == null) {
            return;
        }
        String name = inline != null ? SslConfigs.SSL_KEYSTORE_KEY_CONFIG : SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
        Object value = inline != null ? inline : location;
        String pem = EmptyClientSettingsCheck.pemKey(client);
        String under = "under " + KafkaClientsCheck.securityProtocol(client) + " the PEM key is encrypted";
        if (client.getPassword(SslConfigs.SSL_KEY_PASSWORD_CONFIG) == null) {
            if (PemKeyEncryption.holdsEncryptedKey(pem)) {
                throw new ConfigException(KafkaClientsCheck.given(settings, name, prefixes), value, under
                        + " and no " + SslConfigs.SSL_KEY_PASSWORD_CONFIG + " is given, so Kafka's clients would read"
                        + " it as not encrypted and fail on it as they are created, after the start has begun: give "
                        + SslConfigs.SSL_KEY_PASSWORD_CONFIG);
            }
            return;
        }
        PemKeyEncryption.undecryptable(pem).ifPresent(algorithm -> {
            throw new ConfigException(KafkaClientsCheck.given(settings, name, prefixes), value, under + " with "
                    + algorithm + ", so Kafka's clients would fail on it as they are created, after the start has"
                    + " begun: re-encrypt it with openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES, or use a PKCS12 key store");
        });
    }
}
