package io.streamcast.serde;

import static io.streamcast.serde.RegistryTestSupport.fastRetries;
import static io.streamcast.serde.RegistryTestSupport.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.testing.registry.TestCertificates;
import io.streamcast.testing.registry.TestCertificates.Identity;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM trust and key stores ({@code schema.registry.ssl.*.type=PEM}), read as Kafka's clients read theirs, so that the
 * PEM files of an application's Kafka TLS serve its registry client too. They were refused as no store type.
 */
class RegistryPemTlsTest {

    private static final Identity SERVER = TestCertificates.selfSigned("registry");
    private static final Identity CLIENT = TestCertificates.selfSigned("streamcast");
    private static final String TRUSTSTORE = SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG;
    private static final String KEYSTORE = SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG;

    @TempDir
    Path directory;

    /**
     * A registry that demands a client certificate, reached with the PEM file of its certificate as the trust store
     * and a PEM key store holding the client's key, encrypted under the key password or not encrypted, and its
     * certificate: the call succeeds, so the key was presented; without the key store the registry refuses it.
     */
    @Test
    void shouldReachARegistryOverMutualTlsWithPemTrustAndKeyFiles() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER, CLIENT.certificate()), true).start()) {
            Map<String, Object> trusting = pemTrust(server.url());
            assertThatThrownBy(() -> SchemaRegistries.create(trusting).register("readings-value", reading(false)))
                    .as("without a client certificate").isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("cannot reach the schema registry at " + server.url());

            Map<String, Object> encrypted = pemTrust(server.url());
            encrypted.put(KEYSTORE, write("encrypted.pem", TestCertificates.encryptedPem(CLIENT.keys().getPrivate(),
                    "secret".toCharArray()) + TestCertificates.pem(CLIENT.certificate())));
            encrypted.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            encrypted.put(SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG, "secret");
            int id = SchemaRegistries.create(encrypted).register("readings-value", reading(false));
            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));

            Map<String, Object> plain = pemTrust(server.url());
            plain.put(KEYSTORE, write("plain.pem", TestCertificates.pem(CLIENT.keys().getPrivate())
                    + TestCertificates.pem(CLIENT.certificate())));
            plain.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            int again = SchemaRegistries.create(plain).register("readings-value", reading(true));
            assertThat(server.store().schemaById(again)).isEqualTo(reading(true));
        }
    }

    /** A PEM trust file holding no certificate trusted nothing: refused as the settings are read, naming it. */
    @Test
    void shouldRefuseAPemTrustFileWithoutACertificate() {
        Map<String, Object> config = fastRetries("https://127.0.0.1:1");
        String keyOnly = write("key.pem", TestCertificates.pem(SERVER.keys().getPrivate()));
        config.put(TRUSTSTORE, keyOnly);
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");

        assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + keyOnly + " for configuration " + TRUSTSTORE + ": holds no PEM"
                        + " certificate (-----BEGIN CERTIFICATE-----), where it must hold the CA certificates that"
                        + " sign the registry's, so every TLS handshake would fail");
    }

    /** A PEM key store holding its key but no certificate would present none: refused naming the setting. */
    @Test
    void shouldRefuseAPemKeyFileWithoutACertificate() {
        Map<String, Object> config = fastRetries("https://127.0.0.1:1");
        String keyOnly = write("key.pem", TestCertificates.pem(CLIENT.keys().getPrivate()));
        config.put(KEYSTORE, keyOnly);
        config.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PEM");

        assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + keyOnly + " for configuration " + KEYSTORE + ": holds no PEM"
                        + " certificate (-----BEGIN CERTIFICATE-----), where it must hold the client certificate and"
                        + " its chain, after the private key");
    }

    /**
     * A PEM key store whose key is not its certificate's (the files of two identities put together) failed every
     * handshake, which reads as a registry that cannot be reached: refused naming the setting.
     */
    @Test
    void shouldRefuseAPemKeyThatIsNotItsCertificatesKey() {
        Map<String, Object> config = fastRetries("https://127.0.0.1:1");
        String mixed = write("mixed.pem", TestCertificates.pem(CLIENT.keys().getPrivate())
                + TestCertificates.pem(SERVER.certificate()));
        config.put(KEYSTORE, mixed);
        config.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PEM");

        assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + mixed + " for configuration " + KEYSTORE + ": the PEM private key is"
                        + " not the key of the first certificate after it (CN=registry): give the key and its own"
                        + " certificate, then the certificates that sign it");
    }

    /** An encrypted PEM key that the key password does not open: refused naming the key store and the password. */
    @Test
    void shouldRefuseAPemKeyThatDoesNotOpenWithTheKeyPassword() {
        Map<String, Object> config = encryptedKeyStore("https://127.0.0.1:1");
        config.put(SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG, "not-the-password");

        assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + config.get(KEYSTORE) + " for configuration " + KEYSTORE
                        + ": the PEM private key does not open with schema.registry.ssl.key.password (")
                .hasMessageEndingWith("): give the password it was encrypted with");
    }

    /** An encrypted PEM key without a key password: Kafka's clients read it as not encrypted and fail on it. */
    @Test
    void shouldRefuseAnEncryptedPemKeyWithoutAKeyPassword() {
        Map<String, Object> config = encryptedKeyStore("https://127.0.0.1:1");

        assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + config.get(KEYSTORE) + " for configuration " + KEYSTORE + ": the PEM"
                        + " private key is encrypted and no schema.registry.ssl.key.password is given: give the"
                        + " password it was encrypted with");
    }

    /**
     * A PEM store has no password, and Kafka's clients refuse one beside it: so does the registry client, rather than
     * take the key store's for the key's as it does for JKS and PKCS12. A key password beside a key not encrypted is
     * refused too, as Kafka's clients refuse it.
     */
    @Test
    void shouldRefuseAStorePasswordBesideAPemStoreAndAKeyPasswordBesideAKeyNotEncrypted() {
        Map<String, Object> trust = pemTrust("https://127.0.0.1:1");
        trust.put(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "secret");
        assertThatThrownBy(() -> new SchemaRegistryConfig(trust))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration schema.registry.ssl.truststore.password: is"
                        + " given, but a PEM store has no password, and Kafka's clients refuse one beside it too:"
                        + " leave it out");

        Map<String, Object> keys = encryptedKeyStore("https://127.0.0.1:1");
        keys.put(SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG, "secret");
        assertThatThrownBy(() -> new SchemaRegistryConfig(keys))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration schema.registry.ssl.keystore.password: is"
                        + " given, but a PEM store has no password (the private key's is"
                        + " schema.registry.ssl.key.password), and Kafka's clients refuse one beside it too: leave it"
                        + " out");

        Map<String, Object> plain = fastRetries("https://127.0.0.1:1");
        String file = write("plain.pem", TestCertificates.pem(CLIENT.keys().getPrivate())
                + TestCertificates.pem(CLIENT.certificate()));
        plain.putAll(Map.of(KEYSTORE, file, SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PEM",
                SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG, "secret"));
        assertThatThrownBy(() -> new SchemaRegistryConfig(plain))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + file + " for configuration " + KEYSTORE + ": the PEM private key is"
                        + " not encrypted, but schema.registry.ssl.key.password is given, which Kafka's clients"
                        + " refuse too: leave it out");
    }

    /** Kafka's clients read a PEM store only under PEM in capitals; the registry client says so of another case. */
    @Test
    void shouldNameAPemTypeNotInCapitals() {
        Map<String, Object> config = pemTrust("https://127.0.0.1:1");
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "pem");

        assertThatThrownBy(() -> SchemaRegistries.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value pem for configuration schema.registry.ssl.truststore.type: is no store type"
                        + " this JVM reads (JKS, PKCS12, or PEM in capitals)");
    }

    /** Settings for {@code url} trusting the PEM file of the registry's certificate. */
    private Map<String, Object> pemTrust(String url) {
        Map<String, Object> config = fastRetries(url);
        config.put(TRUSTSTORE, write("registry.pem", TestCertificates.pem(SERVER.certificate())));
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        return config;
    }

    /** Settings for {@code url} with a PEM key store of the client's key encrypted with "secret", and no password. */
    private Map<String, Object> encryptedKeyStore(String url) {
        Map<String, Object> config = new HashMap<>(fastRetries(url));
        config.put(KEYSTORE, write("encrypted.pem", TestCertificates.encryptedPem(CLIENT.keys().getPrivate(),
                "secret".toCharArray()) + TestCertificates.pem(CLIENT.certificate())));
        config.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
        return config;
    }

    private String write(String name, String text) {
        return TestCertificates.write(text, directory.resolve(name)).toString();
    }
}
