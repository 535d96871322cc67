package io.streamcast.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.testing.registry.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryConfigTest {

    @AfterEach
    void dropMockScope() {
        MockSchemaRegistry.dropScope("config-test");
    }

    @Test
    void shouldDefaultAsConfluentsSerdesDo() {
        SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of("schema.registry.url", "http://registry:8081"));

        assertThat(config.serdeOptions(false)).isEqualTo(SerdeOptions.DEFAULTS);
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.connectTimeout().toMillis()).isEqualTo(60_000);
        assertThat(config.readTimeout().toMillis()).isEqualTo(60_000);
        assertThat(config.basicAuthCredentialsSource()).isEqualTo("URL");
        // Streamcast's own: Confluent's client has no bound on a whole call
        assertThat(config.callTimeout().toMillis()).isEqualTo(5_000);
        // Confluent's client leaves it at 0 (not remembered), which costs a call for each record of an unknown id
        assertThat(config.missingIdCacheTtl().toSeconds()).isEqualTo(60);
    }

    @Test
    void shouldReadTheMissingIdTtlAsConfluentsClientNamesItAndRefuseANegativeOne() {
        assertThat(new SchemaRegistryConfig(Map.of("schema.registry.url", "http://registry:8081",
                "missing.id.cache.ttl.sec", "5")).missingIdCacheTtl().toMillis()).isEqualTo(5_000);
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url", "http://registry:8081",
                "missing.id.cache.ttl.sec", -1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.id.cache.ttl.sec");
    }

    @Test
    void shouldRefuseACallTimeoutBelowOneMillisecondNamingTheSetting() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url", "http://registry:8081",
                "schema.registry.call.timeout.ms", 0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.call.timeout.ms");
    }

    @Test
    void shouldReadSerializerSettingsWrittenForConfluentsSerdes() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("schema.registry.url", "http://a:8081, http://b:8081");
        settings.put("auto.register.schemas", "false");
        settings.put("use.latest.version", "true");
        settings.put("latest.compatibility.strict", "false");
        settings.put("key.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        settings.put("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");
        settings.put("bootstrap.servers", "ignored:9092");

        SchemaRegistryConfig config = new SchemaRegistryConfig(settings);

        assertThat(config.urls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.serdeOptions(true))
                .isEqualTo(new SerdeOptions(SubjectNameStrategy.RECORD, false, true, false));
        assertThat(config.serdeOptions(false).subjectNameStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
    }

    @Test
    void shouldAcceptShortStrategyNames() {
        assertThat(SubjectNameStrategy.parse("topic")).isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(SubjectNameStrategy.parse("record")).isEqualTo(SubjectNameStrategy.RECORD);
        assertThat(SubjectNameStrategy.parse("topic-record")).isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
        assertThat(SubjectNameStrategy.parse("TopicNameStrategy")).isEqualTo(SubjectNameStrategy.TOPIC);
    }

    @Test
    void shouldRefuseUnknownStrategyNamingTheSetting() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url", "http://r:8081",
                "value.subject.name.strategy", "com.example.MyStrategy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy")
                .hasMessageContaining("com.example.MyStrategy");
    }

    /**
     * A credential or store type given empty (a template whose secret was missing) is refused naming it: read as not
     * set, it was met only as the registry's refusal of the first call.
     */
    @Test
    void shouldRefuseAnEmptyCredentialOrStoreTypeNamingTheSetting() {
        Map<String, String> refused = Map.of("bearer.auth.token", "schema.registry.url",
                "schema.registry.ssl.truststore.type", "schema.registry.ssl.truststore.location",
                "schema.registry.ssl.keystore.type", "schema.registry.ssl.keystore.location");
        refused.forEach((key, beside) -> {
            for (String empty : List.of("", "  ")) {
                Map<String, String> settings = new HashMap<>(Map.of("schema.registry.url", "http://r:8081"));
                settings.putIfAbsent(beside, "/etc/streamcast/store.jks");
                settings.put(key, empty);
                assertThatThrownBy(() -> new SchemaRegistryConfig(settings))
                        .as(key).isInstanceOf(ConfigException.class)
                        .hasMessage("Invalid value for configuration " + key + ": it is empty, which it cannot be:"
                                + " give " + (key.endsWith("type") ? "JKS, PKCS12 or PEM" : "the token")
                                + ", or leave the setting out");
            }
        });
    }

    /**
     * A store or key password given empty beside a store it does not open (a template whose variable was unset, here a
     * store that is not there) is refused naming it: it was read as no password, with which a JKS trust store goes
     * without its integrity check, or as the key store's. Left out, it is still no password; an empty one without its
     * store is not read.
     */
    @Test
    void shouldRefuseAnEmptyPasswordBesideItsStoreNamingTheSetting() {
        Map<String, String> refused = Map.of(
                "schema.registry.ssl.truststore.password", "schema.registry.ssl.truststore.location",
                "schema.registry.ssl.keystore.password", "schema.registry.ssl.keystore.location",
                "schema.registry.ssl.key.password", "schema.registry.ssl.keystore.location");
        refused.forEach((key, beside) -> {
            for (String empty : List.of("", "  ")) {
                Map<String, String> settings = new HashMap<>(Map.of("schema.registry.url", "https://r:8081",
                        beside, "/etc/streamcast/store.jks", key, empty));
                assertThatThrownBy(() -> new SchemaRegistryConfig(settings))
                        .as(key).isInstanceOf(ConfigException.class)
                        .hasMessageStartingWith("Invalid value for configuration " + key + ": it is empty, and ")
                        .hasMessageEndingWith("give the password, or leave the setting out if no password is meant");
            }
            new SchemaRegistryConfig(Map.of("schema.registry.url", "https://r:8081", beside,
                    "/etc/streamcast/store.jks"));
            new SchemaRegistryConfig(Map.of("schema.registry.url", "https://r:8081", key, ""));
        });
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url", "https://r:8081",
                "schema.registry.ssl.truststore.location", "/etc/streamcast/trust.jks",
                "schema.registry.ssl.truststore.password", ""))).hasMessageContaining("it is empty, and the JKS store"
                + " /etc/streamcast/trust.jks does not open with the empty password;");
    }

    /**
     * A PKCS12 store made with the empty password ({@code openssl pkcs12 -export -passout pass:}) opens only with it,
     * as Kafka's clients' settings take it: an empty password that its store, or its key, opens with is taken, and is
     * the password the registry client opens the store, or the key, with; beside a store made with another password,
     * it is refused naming it.
     */
    @Test
    void shouldTakeAnEmptyPasswordThatItsStoreOpensWith(@TempDir Path dir) {
        char[] none = new char[0];
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        Path keys = TestCertificates.write(TestCertificates.keyStore(client, none), dir.resolve("key.p12"), none);
        Path trust = TestCertificates.write(TestCertificates.trustStore(client.certificate()),
                dir.resolve("trust.p12"), none);
        Map<String, String> settings = new HashMap<>(Map.of("schema.registry.url", "https://r:8081",
                "schema.registry.ssl.keystore.location", keys.toString(), "schema.registry.ssl.keystore.type",
                "PKCS12", "schema.registry.ssl.keystore.password", "", "schema.registry.ssl.key.password", "",
                "schema.registry.ssl.truststore.location", trust.toString(), "schema.registry.ssl.truststore.type",
                "PKCS12", "schema.registry.ssl.truststore.password", ""));

        SchemaRegistryConfig config = new SchemaRegistryConfig(settings);

        assertThat(config.truststorePassword().value()).isEmpty();
        assertThat(config.keystorePassword().value()).isEmpty();
        assertThat(config.keyPassword().value()).isEmpty();
        // a key made with the empty password in a store made with another: the key's, not the store's
        Path keyOpen = TestCertificates.write(TestCertificates.keyStore(client, none), dir.resolve("key-open.p12"),
                "secret".toCharArray());
        Map<String, String> keyOnly = new HashMap<>(settings);
        keyOnly.put("schema.registry.ssl.keystore.location", keyOpen.toString());
        keyOnly.put("schema.registry.ssl.keystore.password", "secret");
        assertThat(new SchemaRegistryConfig(keyOnly).keyPassword().value()).isEmpty();
        Path locked = TestCertificates.write(TestCertificates.trustStore(client.certificate()),
                dir.resolve("locked.p12"), "secret".toCharArray());
        settings.put("schema.registry.ssl.truststore.location", locked.toString());
        assertThatThrownBy(() -> new SchemaRegistryConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for configuration schema.registry.ssl.truststore.password: it is"
                        + " empty, and the PKCS12 store " + locked + " does not open with the empty password;");
        Path lockedKey = TestCertificates.write(TestCertificates.keyStore(client, "secret".toCharArray()),
                dir.resolve("locked-key.p12"), none);
        settings.put("schema.registry.ssl.truststore.location", trust.toString());
        settings.put("schema.registry.ssl.keystore.location", lockedKey.toString());
        assertThatThrownBy(() -> new SchemaRegistryConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value for configuration schema.registry.ssl.key.password: it is"
                        + " empty, and no key in the PKCS12 store " + lockedKey + " opens with the empty password;");
    }

    /**
     * A trust store that opens but trusts nothing, as {@code openssl pkcs12 -export -nokeys} makes one, or a PKCS12
     * one whose password is left out, is refused beside an https registry naming the setting and the store, and saying
     * how to mend it: the registry client was created with it, and every call failed on the handshake after the
     * start. Beside http registries, which need no trust, it passes; so does a store that holds a certificate.
     */
    @Test
    void shouldRefuseATrustStoreThatTrustsNothingBesideAnHttpsRegistry(@TempDir Path dir) {
        char[] password = "secret".toCharArray();
        TestCertificates.Identity ca = TestCertificates.selfSigned("ca");
        Path untrusting = TestCertificates.writeAsOpenSsl(ca.certificate(), dir.resolve("openssl.p12"), password);
        Map<String, String> settings = new HashMap<>(Map.of("schema.registry.url", "http://r1:8081,https://r2:8081",
                "schema.registry.ssl.truststore.location", untrusting.toString(), "schema.registry.ssl.truststore.type",
                "PKCS12", "schema.registry.ssl.truststore.password", "secret"));

        assertThatThrownBy(() -> new SchemaRegistryConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + untrusting + " for configuration"
                        + " schema.registry.ssl.truststore.location: the PKCS12 store holds no certificate Java"
                        + " trusts, so every TLS handshake would fail after the start")
                .hasMessageEndingWith("import the CA's certificate into it with keytool -importcert -trustcacerts"
                        + " -alias ca -file ca.pem -keystore " + untrusting);
        settings.put("schema.registry.url", "http://r1:8081");
        assertThat(new SchemaRegistryConfig(settings).truststoreLocation()).isEqualTo(untrusting.toString());

        Path trusting = TestCertificates.write(TestCertificates.trustStore(ca.certificate()),
                dir.resolve("trust.p12"), password);
        settings.putAll(Map.of("schema.registry.url", "https://r2:8081", "schema.registry.ssl.truststore.location",
                trusting.toString()));
        assertThat(new SchemaRegistryConfig(settings).truststoreLocation()).isEqualTo(trusting.toString());
        settings.remove("schema.registry.ssl.truststore.password");
        assertThatThrownBy(() -> new SchemaRegistryConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + trusting + " for configuration"
                        + " schema.registry.ssl.truststore.location: the PKCS12 store holds no certificate Java trusts")
                .hasMessageContaining("opened without a password (schema.registry.ssl.truststore.password is left"
                        + " out), a PKCS12 store shows none of its encrypted certificates: give its password;");
    }

    /** Empty user info asks for nothing whatever the source, and a store type is read only beside its store. */
    @Test
    void shouldTakeEmptyUserInfoOrAStoreTypeWithoutItsStoreAsNotSet() {
        for (String key : List.of("basic.auth.user.info", "schema.registry.basic.auth.user.info",
                "schema.registry.ssl.truststore.type", "schema.registry.ssl.keystore.type")) {
            SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of("schema.registry.url", "http://r:8081",
                    key, ""));

            assertThat(config.basicAuthUserInfo()).as(key).isEmpty();
        }
    }

    /** An empty store location has a documented sense, and a password without its store is not read. */
    @Test
    void shouldTakeAnEmptyStoreLocationOrAPasswordWithoutItsStoreAsNotSet() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("schema.registry.url", "http://r:8081");
        settings.put("bearer.auth.credentials.source", "");
        for (String key : List.of("schema.registry.ssl.truststore.location", "schema.registry.ssl.truststore.password",
                "schema.registry.ssl.keystore.location", "schema.registry.ssl.keystore.password",
                "schema.registry.ssl.key.password")) {
            settings.put(key, "");
        }

        SchemaRegistryConfig config = new SchemaRegistryConfig(settings);

        assertThat(config.truststoreLocation()).isEmpty();
        assertThat(config.keystoreLocation()).isEmpty();
    }

    @Test
    void shouldRequireAUrl() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRefuseUrlsWithoutAScheme() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url", "registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://");
    }

    /**
     * A URL without a host, or with a port that is no number, is refused naming the setting: it failed only at the
     * first registry call, after the topics were set up, or as a stack trace.
     */
    @Test
    void shouldRefuseUrlsWithoutAHostOrWithAPortThatIsNoNumber() {
        for (String url : List.of("http://", "http://localhost:abc", "http://a b", "https://:8081",
                "http://registry:8081,http://")) {
            assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url", url)))
                    .as(url).isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url")
                    .hasMessageContaining("is no URL with a host");
        }
        new SchemaRegistryConfig(Map.of("schema.registry.url",
                "http://user:secret@registry-1:8081/base,https://registry-2"));
    }

    /** Failover tried the one registry twice, where another was likely meant. */
    @Test
    void shouldRefuseAUrlGivenTwice() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url",
                "http://registry-1:8081, http://registry-1:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [http://registry-1:8081, http://registry-1:8081] for configuration"
                        + " schema.registry.url: names a URL twice");
    }

    @Test
    void shouldRefuseMockMixedWithRealUrls() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("schema.registry.url",
                "mock://x,http://registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock://");
    }

    @Test
    void shouldOpenTheSharedMockRegistryForAMockUrl() {
        SchemaRegistry registry = SchemaRegistries.create(Map.of("schema.registry.url", "mock://config-test"));

        assertThat(registry).isSameAs(MockSchemaRegistry.forScope("config-test"));
        assertThat(SchemaRegistries.forUrl("mock://config-test")).isSameAs(registry);
        assertThat(registry.describe()).isEqualTo("mock://config-test");
    }

    @Test
    void shouldOpenAnHttpRegistryForHttpUrls() {
        SchemaRegistry registry = SchemaRegistries.forUrl("http://a:8081/,http://b:8081");

        assertThat(registry).isInstanceOf(HttpSchemaRegistry.class);
        assertThat(registry.describe()).isEqualTo("http://a:8081, http://b:8081");
    }

    @Test
    void shouldExposeItsSettingsForTheApplicationsConfiguration() {
        assertThat(SchemaRegistryConfig.configDef().names()).contains("schema.registry.url", "basic.auth.user.info",
                "bearer.auth.token", "schema.registry.ssl.truststore.location", "auto.register.schemas",
                "use.latest.version", "value.subject.name.strategy", "max.retries");
    }
}
