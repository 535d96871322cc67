package io.streamcast.serde;

import static io.streamcast.serde.RegistryTestSupport.fastRetries;
import static io.streamcast.serde.RegistryTestSupport.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.testing.registry.TestCertificates;
import io.streamcast.testing.registry.TestCertificates.Identity;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and TLS settings, named as Confluent names them, against registries that demand them. */
class RegistrySecurityTest {

    private static final Identity SERVER = TestCertificates.selfSigned("registry");
    private static final Identity CLIENT = TestCertificates.selfSigned("streamcast");
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    @TempDir
    Path directory;

    @Test
    void shouldFailClearlyWhenRegistryAsksForCredentialsThatWereNotGiven() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder().basicAuth("app", "s3cret").start()) {
            SchemaRegistry client = SchemaRegistries.create(fastRetries(server.url()));

            assertThatThrownBy(() -> client.register("readings-value", reading(false)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(401))
                    .hasMessageContaining("subject 'readings-value'")
                    .hasMessageContaining(server.url())
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("basic.auth.user.info");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    /**
     * Valid credentials the registry does not allow an operation: the error names the settings that hold them, and the
     * call is not retried, as no retry mends it.
     */
    @Test
    void shouldNameTheCredentialSettingsWhenTheRegistryDoesNotAllowThem() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder().basicAuth("app", "s3cret").start()) {
            Map<String, Object> config = fastRetries(server.url());
            config.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO");
            config.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "app:s3cret");
            server.failNext(1, 403, 40301);

            assertThatThrownBy(() -> SchemaRegistries.create(config).schemaById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.isCredentialsRefused()).isTrue())
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("basic.auth.user.info")
                    .hasMessageContaining("bearer.auth.token");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldSendBasicCredentialsFromUserInfo() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder().basicAuth("app", "s3cret").start()) {
            Map<String, Object> config = fastRetries(server.url());
            config.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO");
            config.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "app:s3cret");

            int id = SchemaRegistries.create(config).register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        }
    }

    @Test
    void shouldRefuseWrongBasicCredentials() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder().basicAuth("app", "s3cret").start()) {
            Map<String, Object> config = fastRetries(server.url());
            config.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO");
            config.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "app:wrong");

            assertThatThrownBy(() -> SchemaRegistries.create(config).register("readings-value", reading(false)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(401));
        }
    }

    @Test
    void shouldSendBasicCredentialsFromTheUrlWithoutShowingThem() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder().basicAuth("app", "p@ss word").start()) {
            String url = server.url().replace("http://", "http://app:p%40ss%20word@");
            SchemaRegistry client = SchemaRegistries.create(fastRetries(url));

            int id = client.register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
            assertThat(client.describe()).isEqualTo(server.url()).doesNotContain("word");
        }
    }

    @Test
    void shouldSendStaticBearerToken() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder().bearerToken("t0ken").start()) {
            Map<String, Object> config = fastRetries(server.url());
            config.put(SchemaRegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, "STATIC_TOKEN");
            config.put(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG, "t0ken");

            int id = SchemaRegistries.create(config).register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        }
    }

    @Test
    void shouldRefuseBasicAndBearerAuthenticationTogether() {
        Map<String, Object> config = fastRetries("http://127.0.0.1:1");
        config.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO");
        config.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "app:s3cret");
        config.put(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG, "t0ken");

        assertThatThrownBy(() -> SchemaRegistries.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Only one of basic authentication");
    }

    /** User info under the URL source, its default, was ignored, and every call refused with 401 after the start. */
    @Test
    void shouldRefuseUserInfoThatTheCredentialsSourceIgnores() {
        for (String key : List.of(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG,
                SchemaRegistryConfig.LEGACY_BASIC_AUTH_USER_INFO_CONFIG)) {
            Map<String, Object> config = fastRetries("http://127.0.0.1:1");
            config.put(key, "app:s3cret");

            // refused as the settings are read, before the start connects to anything
            assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                    .as(key).isInstanceOf(ConfigException.class)
                    .hasMessage(key + " is set, but basic.auth.credentials.source is URL (its default),"
                            + " with which credentials come from the user info of each schema.registry.url and it is"
                            + " ignored: set basic.auth.credentials.source=USER_INFO, or leave it out");
        }
    }

    @Test
    void shouldRefuseUserInfoWithoutPassword() {
        Map<String, Object> config = fastRetries("http://127.0.0.1:1");
        config.put(SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO");
        config.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "app");

        assertThatThrownBy(() -> SchemaRegistries.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password");
    }

    @Test
    void shouldTrustRegistryCertificateFromTheConfiguredTruststore() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER), false).start()) {
            Map<String, Object> config = fastRetries(server.url());
            trust(config, SERVER);

            int id = SchemaRegistries.create(config).register("readings-value", reading(false));

            assertThat(server.url()).startsWith("https://");
            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        }
    }

    @Test
    void shouldRefuseRegistryWhoseCertificateIsNotTrusted() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER), false).start()) {
            Map<String, Object> config = fastRetries(server.url());
            trust(config, CLIENT);

            assertThatThrownBy(() -> SchemaRegistries.create(config).register("readings-value", reading(false)))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("cannot reach the schema registry at " + server.url())
                    .hasMessageContaining("SSLHandshakeException");
            assertThat(server.store().subjects()).isEmpty();
        }
    }

    /**
     * A trust store holding the registry's certificate as {@code openssl pkcs12 -export -nokeys} writes it, which
     * Java does not take as trusted, is refused as the client is created, naming the setting: every call failed on
     * the handshake, as for a certificate not trusted. The certificate imported as Java writes it is trusted.
     */
    @Test
    void shouldRefuseATrustStoreThatTrustsNothingAsTheClientIsCreated() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER), false).start()) {
            Map<String, Object> config = fastRetries(server.url());
            trust(config, SERVER);
            Path openssl = TestCertificates.writeAsOpenSsl(SERVER.certificate(), directory.resolve("openssl.p12"),
                    STORE_PASSWORD);
            Map<String, Object> untrusting = new HashMap<>(config);
            untrusting.put(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, openssl.toString());

            assertThatThrownBy(() -> SchemaRegistries.create(untrusting))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value " + openssl + " for configuration "
                            + SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG + ": the PKCS12 store holds no"
                            + " certificate Java trusts");
            int id = SchemaRegistries.create(config).register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        }
    }

    @Test
    void shouldPresentClientCertificateFromTheConfiguredKeystore() {
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER, CLIENT.certificate()), true).start()) {
            Map<String, Object> withoutKey = fastRetries(server.url());
            trust(withoutKey, SERVER);
            Map<String, Object> withKey = fastRetries(server.url());
            trust(withKey, SERVER);
            Path keystore = TestCertificates.write(TestCertificates.keyStore(CLIENT, STORE_PASSWORD),
                    directory.resolve("client.p12"), STORE_PASSWORD);
            withKey.put(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG, keystore.toString());
            withKey.put(SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG, new String(STORE_PASSWORD));
            withKey.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");

            assertThatThrownBy(() -> SchemaRegistries.create(withoutKey).register("readings-value", reading(false)))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("cannot reach the schema registry");
            int id = SchemaRegistries.create(withKey).register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        }
    }

    /**
     * Stores made with the empty password ({@code openssl pkcs12 -export -passout pass:}), given with it: the trust
     * store's certificate is trusted and the key store's presented to a registry that demands a client certificate.
     * The empty passwords were refused whatever the store, and read as none a PKCS12 trust store holds no certificate.
     */
    @Test
    void shouldOpenStoresMadeWithTheEmptyPasswordGivenEmpty() {
        char[] none = new char[0];
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER, CLIENT.certificate()), true).start()) {
            Map<String, Object> config = fastRetries(server.url());
            Path truststore = TestCertificates.write(TestCertificates.trustStore(SERVER.certificate()),
                    directory.resolve("trust.p12"), none);
            Path keystore = TestCertificates.write(TestCertificates.keyStore(CLIENT, none),
                    directory.resolve("client.p12"), none);
            config.putAll(Map.of(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString(),
                    SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12",
                    SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "",
                    SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG, keystore.toString(),
                    SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12",
                    SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG, "",
                    SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG, ""));

            int id = SchemaRegistries.create(config).register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        }
    }

    /**
     * A JKS key store whose password is left out, with an empty key password its key was made with: the registry
     * client opens a JKS store without its password (unchecked) and its key with the empty one, and presents it to a
     * registry that demands a client certificate. It was refused as though no key opened with the empty password. A
     * PKCS12 store so given is refused as the settings are read, saying why: opened without its password it shows
     * none of its encrypted certificates, and Java presents no key without one.
     */
    @Test
    void shouldPresentAKeyOfAJksStoreWhosePasswordIsLeftOutUnderTheEmptyKeyPassword() {
        char[] none = new char[0];
        try (TestSchemaRegistry server = TestSchemaRegistry.builder()
                .tls(TestCertificates.serverContext(SERVER, CLIENT.certificate()), true).start()) {
            Map<String, Object> config = fastRetries(server.url());
            trust(config, SERVER);
            KeyStore jks = TestCertificates.keyStore("JKS", CLIENT, none);
            Path keystore = TestCertificates.write(jks, directory.resolve("client.jks"), STORE_PASSWORD);
            config.putAll(Map.of(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG, keystore.toString(),
                    SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "JKS",
                    SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG, ""));

            int id = SchemaRegistries.create(config).register("readings-value", reading(false));

            assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
            Path pkcs12 = TestCertificates.write(TestCertificates.keyStore(CLIENT, none),
                    directory.resolve("client.p12"), STORE_PASSWORD);
            config.put(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG, pkcs12.toString());
            config.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            assertThatThrownBy(() -> new SchemaRegistryConfig(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value for configuration schema.registry.ssl.key.password: it is"
                            + " empty, and no key in the PKCS12 store " + pkcs12 + " opens with the empty password and"
                            + " shows its certificate: opened without a password"
                            + " (schema.registry.ssl.keystore.password is left out), a PKCS12 store shows none of its"
                            + " encrypted certificates, and Java presents no key without one;");
            config.put(SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG, new String(STORE_PASSWORD));
            int again = SchemaRegistries.create(config).register("readings-value", reading(false));
            assertThat(again).as("with its password given").isEqualTo(id);
        }
    }

    @Test
    void shouldNameTheTruststoreThatCannotBeRead() {
        Map<String, Object> config = fastRetries("https://127.0.0.1:1");
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, directory.resolve("missing.p12").toString());

        assertThatThrownBy(() -> SchemaRegistries.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG)
                .hasMessageEndingWith("missing.p12 for configuration schema.registry.ssl.truststore.location: cannot"
                        + " read the JKS store: no such file");
    }

    /** A store type no JVM reads was said as "FOO not found", naming no setting. */
    @Test
    void shouldNameAStoreTypeThisJvmDoesNotRead() {
        Map<String, Object> config = fastRetries("https://127.0.0.1:1");
        trust(config, SERVER);
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS13");

        assertThatThrownBy(() -> SchemaRegistries.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value PKCS13 for configuration schema.registry.ssl.truststore.type: is no store"
                        + " type this JVM reads (JKS, PKCS12, or PEM in capitals)");
    }

    /** A key password that does not open the key was said as "Get Key failed: ...", naming no setting. */
    @Test
    void shouldNameTheKeyPasswordThatDoesNotOpenTheKey() {
        Map<String, Object> config = fastRetries("https://127.0.0.1:1");
        Path keystore = TestCertificates.write(TestCertificates.keyStore(CLIENT, STORE_PASSWORD),
                directory.resolve("client.p12"), STORE_PASSWORD);
        config.put(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG, keystore.toString());
        config.put(SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG, new String(STORE_PASSWORD));
        config.put(SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG, "not-the-key-password");

        assertThatThrownBy(() -> SchemaRegistries.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot set up TLS for the schema registry: the private key in " + keystore
                        + " does not open with schema.registry.ssl.key.password (or, where that is not set,"
                        + " schema.registry.ssl.keystore.password): ");
    }

    private void trust(Map<String, Object> config, Identity identity) {
        String name = "trust-" + identity.certificate().getSubjectX500Principal().getName() + ".p12";
        Path truststore = TestCertificates.write(TestCertificates.trustStore(identity.certificate()),
                directory.resolve(name), STORE_PASSWORD);
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, new String(STORE_PASSWORD));
        config.put(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    }
}
