package io.streamcast.serde;

import static io.streamcast.serde.SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG;
import static io.streamcast.serde.SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG;
import static io.streamcast.serde.SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG;
import static io.streamcast.serde.SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG;
import static io.streamcast.serde.SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The registry client's trust and key stores of type PEM, read as Kafka's clients read {@code ssl.truststore.type=PEM}
 * and {@code ssl.keystore.type=PEM}, so that the PEM files given to them serve the registry too: a trust store is the
 * certificates of a PEM file; a key store is one PKCS#8 private key and its certificate chain in one PEM file, the key
 * opened with {@code schema.registry.ssl.key.password} alone. Each way a file cannot serve is refused naming the
 * setting, as the settings are read.
 */
final class PemStores {

    /** The store type, in capitals only, as Kafka's clients read it. */
    static final String TYPE = "PEM";

    private static final Pattern CERTIFICATE = Pattern.compile(
            "-+BEGIN CERTIFICATE-+([a-zA-Z0-9/+=\\s]*)-+END CERTIFICATE-+");

    private PemStores() {
    }

    /** The password of the key in the store made here: that store lives only in memory, so the empty one serves. */
    static char[] keyEntryPassword() {
        return new char[0];
    }

    /** The certificates of the PEM file at {@code schema.registry.ssl.truststore.location}, as a trust store. */
    static KeyStore trustStore(SchemaRegistryConfig config) {
        refusePassword(config.truststorePassword(), SSL_TRUSTSTORE_PASSWORD_CONFIG);
        String location = config.truststoreLocation();
        List<Certificate> certificates = certificates(read(location, SSL_TRUSTSTORE_LOCATION_CONFIG),
                SSL_TRUSTSTORE_LOCATION_CONFIG, location);
        if (certificates.isEmpty()) {
            throw new ConfigException(SSL_TRUSTSTORE_LOCATION_CONFIG, location, noCertificate("the CA certificates"
                    + " that sign the registry's, so every TLS handshake would fail"));
        }
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SSL_TRUSTSTORE_LOCATION_CONFIG, location, e.getMessage());
        }
    }

    /** The private key and certificate chain of the PEM file at {@code schema.registry.ssl.keystore.location}. */
    static KeyStore keyStore(SchemaRegistryConfig config) {
        refusePassword(config.keystorePassword(), SSL_KEYSTORE_PASSWORD_CONFIG);
        String location = config.keystoreLocation();
        String pem = read(location, SSL_KEYSTORE_LOCATION_CONFIG);
        List<Certificate> chain = certificates(pem, SSL_KEYSTORE_LOCATION_CONFIG, location);
        if (chain.isEmpty()) {
            throw new ConfigException(SSL_KEYSTORE_LOCATION_CONFIG, location, noCertificate("the client certificate"
                    + " and its chain, after the private key"));
        }
        PrivateKey key = PemPrivateKey.read(pem, config.keyPassword(), SSL_KEYSTORE_LOCATION_CONFIG, location);
        if (!PemPrivateKey.signsFor(key, chain.get(0))) {
            // else every call's TLS handshake fails, read as the registry being unreachable
            throw new ConfigException(SSL_KEYSTORE_LOCATION_CONFIG, location, "the PEM private key is not the key"
                    + " of the first certificate after it (" + subject(chain.get(0)) + "): give the key and its own"
                    + " certificate, then the certificates that sign it");
        }
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("key", key, keyEntryPassword(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SSL_KEYSTORE_LOCATION_CONFIG, location, e.getMessage());
        }
    }

    /** A PEM file has no password: Kafka's clients refuse a store password beside one, and so does this client. */
    private static void refusePassword(Password password, String setting) {
        if (password != null) {
            String key = setting.equals(SSL_KEYSTORE_PASSWORD_CONFIG) ? " (the private key's is "
                    + SSL_KEY_PASSWORD_CONFIG + ")" : "";
            throw new ConfigException(setting, password, "is given, but a PEM store has no password" + key
                    + ", and Kafka's clients refuse one beside it too: leave it out");
        }
    }

    private static String subject(Certificate certificate) {
        return certificate instanceof X509Certificate x509 ? x509.getSubjectX500Principal().getName()
                : certificate.getType() + " certificate";
    }

    private static String noCertificate(String what) {
        return "holds no PEM certificate (-----BEGIN CERTIFICATE-----), where it must hold " + what;
    }

    /** The file's text: PEM is ASCII, and Latin-1 reads any bytes, so a file that is no PEM shows none of it. */
    private static String read(String location, String setting) {
        try {
            return Files.readString(Path.of(location), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(setting, location, "cannot read the PEM file: " + RegistryTls.reason(e));
        }
    }

    private static List<Certificate> certificates(String pem, String setting, Object value) {
        List<Certificate> certificates = new ArrayList<>();
        Matcher block = CERTIFICATE.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            return certificates;
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ConfigException(setting, value, "holds a PEM certificate that cannot be read: "
                    + e.getMessage());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("An empty in-memory store cannot fail to load", e);
        }
        return store;
    }
}
