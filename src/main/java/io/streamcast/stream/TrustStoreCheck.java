package io.streamcast.stream;

import io.streamcast.serde.EmptyTrustStore;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Refuses a Kafka client's trust store that opens, as the client opens it, but trusts nothing (see
 * {@link EmptyTrustStore}): the client was created with it, and every handshake with a broker then failed, the
 * instance retrying, naming neither the setting nor the store. A PEM trust store is no such store: Kafka's clients
 * fail on one without a certificate as they are created.
 */
final class TrustStoreCheck {

    private TrustStoreCheck() {
    }

    /**
     * @param client the client's settings as Kafka Streams derives them
     * @param prefixes the prefixes, most specific first, under which a setting reaches this client
     * @throws ConfigException naming the trust store setting as it was given, and the store
     */
    static void require(AbstractConfig client, Properties settings, String[] prefixes) {
        // Kafka's clients read the protocol in any case: ssl is SSL
        String protocol = client.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG).toUpperCase(Locale.ROOT);
        if (!protocol.endsWith("SSL")) {
            return;
        }
        String location = client.getString(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        String locationGiven = KafkaClientsCheck.given(settings, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, prefixes);
        // a password left out is to be given beside its store, under the store's prefix
        String passwordGiven = locationGiven.substring(0, locationGiven.length()
                - SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG.length()) + SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG;
        Password password = client.getPassword(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        EmptyTrustStore.trustsNothing(client.getString(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG), location,
                password == null ? null : password.value().toCharArray(), passwordGiven).ifPresent(why -> {
                    throw new ConfigException(locationGiven, location, "under " + protocol + " " + why);
                });
    }
}
