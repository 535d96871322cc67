package io.streamcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.serde.SchemaRegistries;
import io.streamcast.serde.SchemaRegistry;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.registry.TestCertificates;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings whose values come from Kafka's config providers, {@code ${file:PATH:KEY}} and {@code ${env:NAME}}: every
 * reader sees the value, Streamcast's own settings and the registry client's as well as Kafka's clients, and so do
 * the start-up checks; a placeholder that gives no value stops the start naming its setting, where it was taken as
 * its own text. The environment variable is set for the test JVM by the pom (surefire's environmentVariables), as
 * Kafka's EnvVarConfigProvider reads the process's environment.
 */
class ConfigProvidersTest {

    private static final String TOKEN_VARIABLE = "CONFIG_PROVIDERS_TEST_TOKEN";
    private static final String TOKEN = "token-from-the-environment";
    private static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
    private static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireTheVariable() {
        assertThat(System.getenv(TOKEN_VARIABLE)).as("environment variable %s, set by the pom's surefire"
                + " configuration", TOKEN_VARIABLE).isEqualTo(TOKEN);
    }

    private static Map<String, Object> withProviders() {
        Map<String, Object> settings = TestSettings.base();
        settings.put("config.providers", "file,env");
        settings.put("config.providers.file.class", FILE_PROVIDER);
        settings.put("config.providers.env.class", ENV_PROVIDER);
        return settings;
    }

    private Path secrets(String name, String lines) throws Exception {
        return Files.writeString(dir.resolve(name), lines);
    }

    private static String file(Path file, String key) {
        return "${file:" + file + ":" + key + "}";
    }

    private static String env(String variable) {
        return "${env:" + variable + "}";
    }

    @Test
    void shouldResolveStreamcastsOwnSettings() throws Exception {
        Path file = secrets("app.properties", "name=fleet-a\nhidden=48\n");
        Map<String, Object> settings = withProviders();
        settings.put(StreamcastConfig.MODEL_NAME_CONFIG, file(file, "name"));
        settings.put(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, file(file, "hidden"));
        settings.put(StreamcastConfig.EVENTS_TOPIC_CONFIG, env(TOKEN_VARIABLE));

        StreamcastConfig config = new StreamcastConfig(settings);

        assertThat(config.getString(StreamcastConfig.MODEL_NAME_CONFIG)).isEqualTo("fleet-a");
        assertThat(config.getInt(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG)).isEqualTo(48);
        assertThat(config.getString(StreamcastConfig.EVENTS_TOPIC_CONFIG)).isEqualTo(TOKEN);
    }

    /**
     * Kafka's clients get the values, a password's {@code $1} as written, and no provider setting: nothing is resolved
     * twice, nor read again.
     */
    @Test
    void shouldHandKafkaItsClientSettingsResolved() throws Exception {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\""
                + " password=\"s3cret$1\";";
        Path file = secrets("kafka.properties", "jaas=" + jaas + "\n");
        Map<String, Object> settings = withProviders();
        settings.put("sasl.jaas.config", file(file, "jaas"));
        settings.put("producer.ssl.truststore.password", env(TOKEN_VARIABLE));

        Map<Object, Object> streams = new StreamcastConfig(settings).streamsProperties();

        assertThat(streams).containsEntry("sasl.jaas.config", jaas)
                .containsEntry("producer.ssl.truststore.password", TOKEN);
        assertThat(streams.keySet()).noneMatch(key -> key.toString().startsWith("config.providers"));
    }

    /**
     * The key store check opens the keys with the password the file gives: taken as its own text, a placeholder would
     * open nothing and be refused, or a wrong password pass unseen.
     */
    @Test
    void shouldCheckTheKeyStoreWithThePasswordTheProviderGives() throws Exception {
        char[] secret = "store-secret".toCharArray();
        Path keys = TestCertificates.write(TestCertificates.keyStore("JKS", TestCertificates.selfSigned("client"),
                secret), dir.resolve("key.jks"), secret);
        Path right = secrets("right.properties", "store=store-secret\nkey=store-secret\n");
        Path wrong = secrets("wrong.properties", "store=store-secret\nkey=not-the-secret\n");
        Map<String, Object> settings = withProviders();
        settings.putAll(Map.of("security.protocol", "SSL", "ssl.keystore.location", keys.toString(),
                "ssl.keystore.type", "JKS", "ssl.keystore.password", file(right, "store"),
                "ssl.key.password", file(right, "key")));

        assertThatCode(new StreamcastConfig(settings)::requireRunnable).doesNotThrowAnyException();

        settings.put("ssl.key.password", file(wrong, "key"));
        assertThatThrownBy(new StreamcastConfig(settings)::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value [hidden] for configuration ssl.key.password: under SSL the key")
                .hasMessageNotContaining("not-the-secret");
    }

    /**
     * A registry over TLS that asks for Basic credentials: the trust store's password comes from a file, the user
     * info from a file and the environment, and the client registers a schema with them.
     */
    @Test
    void shouldSendTheRegistryTheCredentialsTheProvidersGive() throws Exception {
        TestCertificates.Identity server = TestCertificates.selfSigned("registry");
        char[] trustPassword = "trust-secret".toCharArray();
        Path trust = TestCertificates.write(TestCertificates.trustStore(server.certificate()),
                dir.resolve("trust.p12"), trustPassword);
        Path file = secrets("registry.properties", "truststore=trust-secret\nuser=app\n");
        Schema schema = SchemaBuilder.record("Reading").fields().requiredDouble("value").endRecord();
        try (TestSchemaRegistry registry = TestSchemaRegistry.builder().basicAuth("app", TOKEN)
                .tls(TestCertificates.serverContext(server), false).start()) {
            Map<String, Object> settings = withProviders();
            settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
            settings.put("max.retries", 0);
            settings.put("schema.registry.ssl.truststore.location", trust.toString());
            settings.put("schema.registry.ssl.truststore.type", "PKCS12");
            settings.put("schema.registry.ssl.truststore.password", file(file, "truststore"));
            settings.put("basic.auth.credentials.source", "USER_INFO");
            settings.put("schema.registry.basic.auth.user.info", file(file, "user") + ":" + env(TOKEN_VARIABLE));

            SchemaRegistry client = SchemaRegistries.create(new StreamcastConfig(settings).registrySettings());
            int id = client.register("readings-value", schema);

            assertThat(registry.store().schemaById(id)).isEqualTo(schema);
        }
    }

    @Test
    void shouldRefuseAKeyTheFileDoesNotHoldNamingTheSetting() throws Exception {
        Path file = secrets("registry.properties", "user=app-user\n");
        Map<String, Object> settings = withProviders();
        settings.put("bearer.auth.token", file(file, "token"));

        assertThatThrownBy(() -> new StreamcastConfig(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Setting bearer.auth.token: config provider file has no value for " + file(file, "token")
                        + " (a key the file does not hold, an environment variable that is not set)");

        settings.remove("bearer.auth.token");
        settings.put("schema.registry.basic.auth.user.info", file(file, "user") + ":" + file(file, "password"));
        assertThatThrownBy(() -> new StreamcastConfig(settings))
                .hasMessageStartingWith("Setting schema.registry.basic.auth.user.info: config provider file has no"
                        + " value for " + file(file, "password"))
                .hasMessageNotContaining("app-user");
    }

    @Test
    void shouldRefuseAVariableThatIsNotSetNamingTheSetting() {
        Map<String, Object> settings = withProviders();
        settings.put("sasl.jaas.config", env("CONFIG_PROVIDERS_TEST_UNSET"));

        assertThatThrownBy(() -> new StreamcastConfig(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Setting sasl.jaas.config: config provider env has no value for "
                        + env("CONFIG_PROVIDERS_TEST_UNSET"));
    }

    @Test
    void shouldRefuseAFileThatCannotBeReadNamingTheSetting() {
        Path missing = dir.resolve("missing.properties");
        Map<String, Object> settings = withProviders();
        settings.put("ssl.truststore.password", file(missing, "password"));

        assertThatThrownBy(() -> new StreamcastConfig(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Setting ssl.truststore.password: cannot resolve " + file(missing, "password")
                        + ": Could not read properties from file " + missing);
    }

    /** Without config.providers nothing is a placeholder: a password may hold what looks like one. */
    @Test
    void shouldTakeValuesAsWrittenWithoutConfigProviders() {
        Map<String, Object> none = TestSettings.base();
        none.put("bearer.auth.token", "pa${ss:wo}rd");
        none.put(StreamcastConfig.MODEL_NAME_CONFIG, env(TOKEN_VARIABLE));

        StreamcastConfig config = new StreamcastConfig(none);

        assertThat(config.originals()).containsEntry("bearer.auth.token", "pa${ss:wo}rd");
        assertThat(config.getString(StreamcastConfig.MODEL_NAME_CONFIG)).isEqualTo("${env:" + TOKEN_VARIABLE + "}");
    }

    /** With the provider not listed, Kafka takes the placeholder as text; the registry was sent it as the token. */
    @Test
    void shouldRefuseAPlaceholderOfAProviderThatIsNotListed() {
        Map<String, Object> fileOnly = withProviders();
        fileOnly.put("config.providers", "file");
        fileOnly.put(StreamcastConfig.MODEL_NAME_CONFIG, env(TOKEN_VARIABLE));
        assertThatThrownBy(() -> new StreamcastConfig(fileOnly))
                .hasMessageStartingWith("Setting model.name: " + env(TOKEN_VARIABLE) + " names config provider env,"
                        + " but config.providers lists only file:");
    }

    /**
     * The system property that restricts the providers Kafka creates restricts them here too: Kafka Streams refused a
     * provider it did not allow as the instance was created, and it no longer sees the providers' settings.
     */
    @Test
    void shouldCreateOnlyTheProvidersTheSystemPropertyAllows() throws Exception {
        Path file = secrets("app.properties", "name=fleet-a\n");
        String before = System.getProperty(AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY);
        System.setProperty(AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY, FILE_PROVIDER);
        try {
            Map<String, Object> settings = withProviders();
            settings.put("config.providers", "file");
            settings.put(StreamcastConfig.MODEL_NAME_CONFIG, file(file, "name"));
            assertThat(new StreamcastConfig(settings).getString(StreamcastConfig.MODEL_NAME_CONFIG))
                    .isEqualTo("fleet-a");

            // refused as Kafka's configs refuse it, though no value names it
            Map<String, Object> withEnv = withProviders();
            assertThatThrownBy(() -> new StreamcastConfig(withEnv))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(ENV_PROVIDER + " is not allowed");
        } finally {
            if (before == null) {
                System.clearProperty(AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY);
            } else {
                System.setProperty(AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY, before);
            }
        }
    }

    /** A value with no placeholder is left as it is, providers or not. */
    @Test
    void shouldLeaveOtherValuesAsGiven() {
        Map<String, Object> settings = withProviders();
        settings.put("client.id", "app ${not a placeholder}");

        assertThat(new StreamcastConfig(settings).streamsProperties())
                .containsEntry("client.id", "app ${not a placeholder}");
    }
}
