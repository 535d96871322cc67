package io.streamcast.config;

import io.streamcast.serde.EmptyTrustStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Refuses a Kafka client's trust store that opens, as the client opens it, but trusts nothing (see
 * {@link EmptyTrustStore}): the client was created with it, and every handshake with a broker then failed, the
 * instance retrying, naming neither the setting nor the store. A PEM trust store without a certificate is refused
 * too: Kafka's clients fail on it as they are created, after the start has begun, naming no setting.
 */
final class TrustStoreCheck {

    /**
     * The start of the header Kafka's clients look for in a PEM trust store (-----BEGIN CERTIFICATE-----), as their
     * pattern begins: text without it holds no certificate they read.
     */
    private static final Pattern CERTIFICATE_HEADER = Pattern.compile("-BEGIN\\s*.*CERTIFICATE");

    private TrustStoreCheck() {
    }

    /**
     * @param client the client's settings as Kafka Streams derives them
     * @param prefixes the prefixes, most specific first, under which a setting reaches this client
     * @throws ConfigException naming the trust store setting as it was given, and the store
     */
    static void require(AbstractConfig client, Properties settings, String[] prefixes) {
        String protocol = KafkaClientsCheck.securityProtocol(client);
        if (!KafkaClientsCheck.opensSslStores(client)) {
            return;
        }
        String location = client.getString(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        if (KafkaClientsCheck.PEM.equals(client.getString(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG))) {
            requirePemCertificate(client, settings, prefixes, protocol);
            return;
        }
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

    /**
     * A PEM trust store, in a file or given inline, that holds no certificate: Kafka's clients failed on it as they
     * were created ({@code No matching CERTIFICATE entries in PEM file}). One Kafka refuses for another reason (a file
     * that cannot be read, both a file and certificates given) is left to it.
     */
    private static void requirePemCertificate(AbstractConfig client, Properties settings, String[] prefixes,
            String protocol) {
        String location = client.getString(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        Password certificates = client.getPassword(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG);
        String name;
        Object value;
        String pem;
        if (certificates != null && location == null) {
            name = SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG;
            value = certificates;
            pem = certificates.value();
        } else if (certificates == null && location != null) {
            name = SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
            value = location;
            try {
                // as Kafka's clients read it: bytes that are no UTF-8 text hold no header either
                pem = new String(Files.readAllBytes(Path.of(location)), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return;
            }
        } else {
            return;
        }
        if (!CERTIFICATE_HEADER.matcher(pem).find()) {
            throw new ConfigException(KafkaClientsCheck.given(settings, name, prefixes), value, "under " + protocol
                    + " the PEM store holds no certificate, so Kafka's clients would fail on it as they are created,"
                    + " after the start has begun (No matching CERTIFICATE entries in PEM file): give the CA's"
                    + " certificate in it, as PEM text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----");
        }
    }
}
