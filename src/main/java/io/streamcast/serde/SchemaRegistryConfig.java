package io.streamcast.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The registry client's and serdes' settings, named and defaulted as Confluent's serdes name them, so a client
 * configuration written for Confluent works here unchanged. Keys not defined here are ignored, so the whole
 * application configuration can be passed in.
 */
public final class SchemaRegistryConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated URLs of the schema registry instances, "
            + "tried in turn when one cannot be reached; or mock://scope for the in-memory registry shared by "
            + "everything in this JVM that names the same scope.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP Basic credentials come from: URL "
            + "(the user info of each registry URL, http://user:password@host:port) or USER_INFO "
            + "(basic.auth.user.info).";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "HTTP Basic credentials as user:password, used when "
            + "basic.auth.credentials.source is USER_INFO.";
    /** The name older Confluent clients used for basic.auth.user.info; still honoured. */
    public static final String LEGACY_BASIC_AUTH_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";

    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "Where the bearer token comes from: "
            + "STATIC_TOKEN (bearer.auth.token). Empty means STATIC_TOKEN when bearer.auth.token is set.";

    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    public static final String BEARER_AUTH_TOKEN_DOC = "Bearer token sent as 'Authorization: Bearer <token>'.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store holding the certificates that sign the "
            + "registry's certificate (under type PEM, a file of PEM certificates); empty means the JVM's default "
            + "trust.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store; leave it out for none "
            + "(and under type PEM, which has none).";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_TYPE_DOC = "Format of the trust store: JKS, PKCS12 or PEM, as "
            + "Kafka's clients read them.";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_LOCATION_DOC = "Key store holding the client certificate and key, for "
            + "registries that require mutual TLS (under type PEM, a file of the PKCS#8 private key and its "
            + "certificate chain); empty means no client certificate.";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of the key store; leave it out for none "
            + "(and under type PEM, which has none).";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEYSTORE_TYPE_DOC = "Format of the key store: JKS, PKCS12 or PEM, as Kafka's "
            + "clients read them.";
    public static final String SSL_KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";
    public static final String SSL_KEY_PASSWORD_DOC = "Password of the private key in the key store; left out, the "
            + "key store's password (under type PEM: of the encrypted key; left out, the key is not encrypted).";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "How long to wait for a connection to a registry URL.";
    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_DOC = "How long to wait for the headers of a registry's answer"
            + " once connected; the whole answer (at most 16 MiB) must arrive within twice this.";

    public static final String CALL_TIMEOUT_MS_CONFIG = "schema.registry.call.timeout.ms";
    /** Half Kafka Streams' 10 s transaction timeout under exactly-once, which a call on a stream thread holds open. */
    public static final int DEFAULT_CALL_TIMEOUT_MS = 5_000;
    public static final String CALL_TIMEOUT_MS_DOC = "Longest one registry call (fetching the schema of an id not"
            + " seen yet, registering or looking up a schema) may take in all: every attempt at every URL, and the"
            + " waits between retries. A call that runs out of it fails, naming the URLs; retries and failover end"
            + " with it, and so does an attempt that would outlast it whatever http.read.timeout.ms allows. Why: a"
            + " stream thread that meets a record with a new schema id waits for the call while it holds the task's"
            + " transaction open and does not poll.";

    public static final String MAX_RETRIES_CONFIG = "max.retries";
    public static final String MAX_RETRIES_DOC = "How many times a request is retried after a connection error, a "
            + "timeout or a 408, 429 or 5xx answer; each retry tries every URL in turn, all within "
            + CALL_TIMEOUT_MS_CONFIG + ".";
    public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
    public static final String RETRIES_WAIT_MS_DOC = "Wait before the first retry; doubled for each further retry, "
            + "with random jitter.";
    public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS_DOC = "Longest wait between retries.";

    public static final String MISSING_ID_CACHE_TTL_SEC_CONFIG = "missing.id.cache.ttl.sec";
    /**
     * Why a minute: a flood of records naming an id the registry does not know then costs each instance one call per
     * id a minute, whatever the records' rate, where it cost one per record (a round trip each, the stream waiting).
     * The price: records naming an id registered within that minute after the answer (a registry replica that had
     * not yet read the registration; a schema registered once its records were dead-lettered) are dead-lettered too,
     * with their bytes, from where they can be sent again. Producers register before they write, so a legitimate id
     * is unknown for moments at most, and a minute is short beside anyone registering a schema by hand. Confluent's
     * client has the setting, with this name and meaning, off (0) by default, which leaves the flood as it was;
     * Confluent Server's broker-side schema validation remembers an unknown id for a minute by default.
     */
    public static final long DEFAULT_MISSING_ID_CACHE_TTL_SEC = 60;
    public static final String MISSING_ID_CACHE_TTL_SEC_DOC = "How long, in seconds, the registry's answer that it"
            + " does not know a schema id is remembered: meanwhile records naming that id are refused as written with"
            + " an unknown schema (Streamcast dead-letters them as schema-mismatch) without asking again, so that a"
            + " flood of them costs one call per id and period, not one per record. After it the registry is asked"
            + " again, and an id registered meanwhile is found. 0 asks for every record. Only that answer is"
            + " remembered, never a registry that could not be reached, failed or refused the credentials; at most "
            + UnknownSchemaIds.CAPACITY + " ids, the oldest answer forgotten first.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether serializers register their record's schema "
            + "under its subject on first use.";
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    public static final String USE_LATEST_VERSION_DOC = "With auto.register.schemas=false: serializers write with "
            + "the latest version of the subject instead of looking up their own schema.";
    public static final String LATEST_COMPATIBILITY_STRICT_CONFIG = "latest.compatibility.strict";
    public static final String LATEST_COMPATIBILITY_STRICT_DOC = "With use.latest.version: refuse to serialize "
            + "unless the latest version can read data written with the serializer's own schema and gives every "
            + "field the logical type the serializer's schema does (Avro's compatibility check ignores logical "
            + "types). When false, a timestamp-millis is written to a plain long as its epoch milliseconds.";

    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String KEY_SUBJECT_NAME_STRATEGY_DOC = "Subject name strategy for keys: Confluent's class "
            + "name (io.confluent.kafka.serializers.subject.TopicNameStrategy, RecordNameStrategy, "
            + "TopicRecordNameStrategy) or topic, record, topic-record.";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_DOC = "Subject name strategy for values; values as for "
            + "key.subject.name.strategy.";

    private static final String STORE_TYPES = "JKS, PKCS12 or PEM";

    public static final String CREDENTIALS_SOURCE_URL = "URL";
    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    public static final String CREDENTIALS_SOURCE_STATIC_TOKEN = "STATIC_TOKEN";

    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.LambdaValidator.with(SchemaRegistryConfig::validateUrls, () -> "non-empty list"),
                    Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_URL,
                    ValidString.in(CREDENTIALS_SOURCE_URL, CREDENTIALS_SOURCE_USER_INFO), Importance.MEDIUM,
                    BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(LEGACY_BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.LOW,
                    "Deprecated name of " + BASIC_AUTH_USER_INFO_CONFIG + ".")
            .define(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "",
                    ValidString.in("", CREDENTIALS_SOURCE_STATIC_TOKEN), Importance.MEDIUM,
                    BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, SSL_TRUSTSTORE_PASSWORD_DOC)
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS", Importance.MEDIUM, SSL_TRUSTSTORE_TYPE_DOC)
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, SSL_KEYSTORE_LOCATION_DOC)
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, SSL_KEYSTORE_PASSWORD_DOC)
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "JKS", Importance.MEDIUM, SSL_KEYSTORE_TYPE_DOC)
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, SSL_KEY_PASSWORD_DOC)
            .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    HTTP_CONNECT_TIMEOUT_MS_DOC)
            .define(HTTP_READ_TIMEOUT_MS_CONFIG, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    HTTP_READ_TIMEOUT_MS_DOC)
            .define(CALL_TIMEOUT_MS_CONFIG, Type.INT, DEFAULT_CALL_TIMEOUT_MS, ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, CALL_TIMEOUT_MS_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW, MAX_RETRIES_DOC)
            .define(RETRIES_WAIT_MS_CONFIG, Type.INT, 1_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    RETRIES_WAIT_MS_DOC)
            .define(RETRIES_MAX_WAIT_MS_CONFIG, Type.INT, 20_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    RETRIES_MAX_WAIT_MS_DOC)
            .define(MISSING_ID_CACHE_TTL_SEC_CONFIG, Type.LONG, DEFAULT_MISSING_ID_CACHE_TTL_SEC,
                    // at most a year: longer is forever in effect, and its milliseconds could overflow
                    ConfigDef.Range.between(0, Duration.ofDays(365).toSeconds()), Importance.LOW,
                    MISSING_ID_CACHE_TTL_SEC_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW, USE_LATEST_VERSION_DOC)
            .define(LATEST_COMPATIBILITY_STRICT_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                    LATEST_COMPATIBILITY_STRICT_DOC)
            .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SubjectNameStrategy.TOPIC.confluentClassName(),
                    ConfigDef.LambdaValidator.with(SchemaRegistryConfig::validateStrategy, () -> "a strategy"),
                    Importance.MEDIUM, KEY_SUBJECT_NAME_STRATEGY_DOC)
            .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, SubjectNameStrategy.TOPIC.confluentClassName(),
                    ConfigDef.LambdaValidator.with(SchemaRegistryConfig::validateStrategy, () -> "a strategy"),
                    Importance.MEDIUM, VALUE_SUBJECT_NAME_STRATEGY_DOC);

    public SchemaRegistryConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        requireNotEmpty(BEARER_AUTH_TOKEN_CONFIG, "the token");
        if (!getString(SSL_TRUSTSTORE_LOCATION_CONFIG).isEmpty()) {
            requireNotEmpty(SSL_TRUSTSTORE_TYPE_CONFIG, STORE_TYPES);
        }
        if (!getString(SSL_KEYSTORE_LOCATION_CONFIG).isEmpty()) {
            requireNotEmpty(SSL_KEYSTORE_TYPE_CONFIG, STORE_TYPES);
        }
        if (PemStores.TYPE.equals(truststoreType()) && !truststoreLocation().isEmpty()) {
            // read as the client reads it, so that a file it cannot use stops the start, naming the setting
            PemStores.trustStore(this);
        } else if (!truststoreLocation().isEmpty()) {
            requirePasswordNotEmpty(SSL_TRUSTSTORE_PASSWORD_CONFIG, () -> EmptyStorePassword.opensStore(
                    truststoreType(), truststoreLocation()), "the " + truststoreType() + " store "
                    + truststoreLocation() + " does not open with the empty password");
            requireTrustingStore();
        }
        if (PemStores.TYPE.equals(keystoreType()) && !keystoreLocation().isEmpty()) {
            PemStores.keyStore(this);
        } else if (!keystoreLocation().isEmpty()) {
            String store = "the " + keystoreType() + " store " + keystoreLocation();
            requirePasswordNotEmpty(SSL_KEYSTORE_PASSWORD_CONFIG, () -> EmptyStorePassword.opensStore(keystoreType(),
                    keystoreLocation()), store + " does not open with the empty password");
            // opened as the registry client opens it: without a password where it is left out
            boolean encrypted = keystorePassword() == null && "PKCS12".equals(StoreFiles.format(keystoreLocation()));
            requirePasswordNotEmpty(SSL_KEY_PASSWORD_CONFIG, () -> EmptyStorePassword.opensAKey(keystoreType(),
                    keystoreLocation(), chars(keystorePassword())), "no key in " + store + " opens with the empty"
                    + " password" + (encrypted ? " and shows its certificate: opened without a password ("
                    + SSL_KEYSTORE_PASSWORD_CONFIG + " is left out), a PKCS12 store shows none of its encrypted"
                    + " certificates, and Java presents no key without one" : ""));
        }
        requireUserInfoRead();
    }

    /**
     * Refuses a trust store that opens, as the registry client opens it, but trusts nothing (see
     * {@link EmptyTrustStore}): every call to an https registry then failed on the handshake after the start. An http
     * registry needs no trust.
     */
    private void requireTrustingStore() {
        if (urls().stream().noneMatch(url -> url.trim().startsWith("https://"))) {
            return;
        }
        EmptyTrustStore.trustsNothing(truststoreType(), truststoreLocation(), chars(truststorePassword()),
                SSL_TRUSTSTORE_PASSWORD_CONFIG).ifPresent(why -> {
                    throw new ConfigException(SSL_TRUSTSTORE_LOCATION_CONFIG, truststoreLocation(), why);
                });
    }

    /**
     * Refuses user info that the credentials source ignores: as Confluent's client does, it would be, and a registry
     * that asks for credentials refused every call with 401 after the start. Empty, it asks for nothing.
     */
    private void requireUserInfoRead() {
        if (!CREDENTIALS_SOURCE_USER_INFO.equals(basicAuthCredentialsSource()) && !basicAuthUserInfo().isBlank()) {
            String given = originals().containsKey(BASIC_AUTH_USER_INFO_CONFIG) ? BASIC_AUTH_USER_INFO_CONFIG
                    : LEGACY_BASIC_AUTH_USER_INFO_CONFIG;
            throw new ConfigException(given + " is set, but " + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is "
                    + basicAuthCredentialsSource() + " (its default), with which credentials come from the user info"
                    + " of each " + SCHEMA_REGISTRY_URL_CONFIG + " and it is ignored: set "
                    + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + "=" + CREDENTIALS_SOURCE_USER_INFO + ", or leave it out");
        }
    }

    /**
     * Refuses {@code key} given with an empty value, which it cannot take: an empty token authenticates no one, and
     * an empty store type names no format for a store that is read. Read as not set, a credential that a template
     * left empty (its secret missing) surfaced only as the registry's refusal of the first call, after the start. The
     * other settings either refuse an empty value by their type or take it in a documented sense (an empty trust
     * store location is the JVM's trust); a password beside its store is refused empty by
     * {@link #requirePasswordNotEmpty}.
     */
    private void requireNotEmpty(String key, String expected) {
        Object value = values().get(key);
        String text = value instanceof Password password ? password.value() : String.valueOf(value);
        if (originals().containsKey(key) && text.isEmpty()) {
            throw new ConfigException("Invalid value for configuration " + key + ": it is empty, which it cannot"
                    + " be: give " + expected + ", or leave the setting out");
        }
    }

    /**
     * Refuses the password {@code key} given empty beside its store, unless the store, or for the key password a key
     * in it, opens with the empty password ({@code opensWithIt}): a store can be made with it, and then opens with
     * nothing else, but an empty value is most often a template's variable left unset, which failed on the store
     * without naming the setting, or was read as no password without a word.
     */
    private void requirePasswordNotEmpty(String key, BooleanSupplier opensWithIt, String otherwise) {
        Password password = getPassword(key);
        if (originals().containsKey(key) && password != null && password.value().isEmpty()
                && !opensWithIt.getAsBoolean()) {
            throw new ConfigException("Invalid value for configuration " + key + ": it is empty, and " + otherwise
                    + "; an empty value is most often a template's variable left unset: give the password, or leave"
                    + " the setting out if no password is meant");
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }

    /** The settings, for embedding in the application's own configuration and its generated documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG);
    }

    /** True when {@code schema.registry.url} names the in-memory registry. */
    public boolean isMock() {
        return urls().get(0).startsWith(MockSchemaRegistry.URL_PREFIX);
    }

    public String basicAuthCredentialsSource() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    /** {@code basic.auth.user.info}, or its legacy name; empty when neither is set. */
    public String basicAuthUserInfo() {
        String userInfo = getPassword(BASIC_AUTH_USER_INFO_CONFIG).value();
        return userInfo.isEmpty() ? getPassword(LEGACY_BASIC_AUTH_USER_INFO_CONFIG).value() : userInfo;
    }

    public String bearerAuthCredentialsSource() {
        return getString(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    public String bearerAuthToken() {
        return getPassword(BEARER_AUTH_TOKEN_CONFIG).value();
    }

    public String truststoreLocation() {
        return getString(SSL_TRUSTSTORE_LOCATION_CONFIG);
    }

    /** The trust store's password: null when left out, empty when given so (a store made with the empty one). */
    public Password truststorePassword() {
        return given(SSL_TRUSTSTORE_PASSWORD_CONFIG);
    }

    public String truststoreType() {
        return getString(SSL_TRUSTSTORE_TYPE_CONFIG);
    }

    public String keystoreLocation() {
        return getString(SSL_KEYSTORE_LOCATION_CONFIG);
    }

    /** The key store's password: null when left out, empty when given so (a store made with the empty one). */
    public Password keystorePassword() {
        return given(SSL_KEYSTORE_PASSWORD_CONFIG);
    }

    public String keystoreType() {
        return getString(SSL_KEYSTORE_TYPE_CONFIG);
    }

    /**
     * The private key's password, falling back to the key store's as Kafka's own TLS settings do where it is left out;
     * given empty, the empty password a key in the store was made with.
     */
    public Password keyPassword() {
        Password keyPassword = given(SSL_KEY_PASSWORD_CONFIG);
        return keyPassword == null ? keystorePassword() : keyPassword;
    }

    /** A password setting as given, or null when left out: its default, empty, is no password. */
    private Password given(String key) {
        return originals().containsKey(key) ? getPassword(key) : null;
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS_CONFIG));
    }

    public Duration readTimeout() {
        return Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS_CONFIG));
    }

    /** {@code schema.registry.call.timeout.ms}: the most one call waits, retries and failover included. */
    public Duration callTimeout() {
        return Duration.ofMillis(getInt(CALL_TIMEOUT_MS_CONFIG));
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public Duration retriesWait() {
        return Duration.ofMillis(getInt(RETRIES_WAIT_MS_CONFIG));
    }

    public Duration retriesMaxWait() {
        return Duration.ofMillis(getInt(RETRIES_MAX_WAIT_MS_CONFIG));
    }

    /** {@code missing.id.cache.ttl.sec}: how long a registry's not-found answer for a schema id is remembered. */
    public Duration missingIdCacheTtl() {
        return Duration.ofSeconds(getLong(MISSING_ID_CACHE_TTL_SEC_CONFIG));
    }

    /** The serializer settings for keys ({@code isKey}) or values. */
    public SerdeOptions serdeOptions(boolean isKey) {
        String strategy = getString(isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG);
        return new SerdeOptions(SubjectNameStrategy.parse(strategy), getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG),
                getBoolean(USE_LATEST_VERSION_CONFIG), getBoolean(LATEST_COMPATIBILITY_STRICT_CONFIG));
    }

    private static void validateUrls(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) value;
        if (urls == null || urls.isEmpty() || urls.stream().anyMatch(String::isBlank)) {
            throw new ConfigException(name, value, "at least one schema registry URL is required");
        }
        boolean anyMock = urls.stream().anyMatch(url -> url.startsWith(MockSchemaRegistry.URL_PREFIX));
        if (anyMock && urls.size() > 1) {
            throw new ConfigException(name, value, "a mock:// registry cannot be combined with other URLs");
        }
        if (urls.stream().map(String::trim).distinct().count() < urls.size()) {
            // failover would try the one registry twice, where another was likely meant
            throw new ConfigException(name, value, "names a URL twice");
        }
        for (String url : urls) {
            if (!anyMock && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(name, value, "URLs must start with http://, https:// or mock://");
            }
            if (!anyMock && !hasHost(url)) {
                // else refused only at the first call, after the topics were set up, or with a stack trace
                throw new ConfigException(name, value, url + " is no URL with a host (letters, digits, '-' and '.', no"
                        + " '_') and, if any, a port number");
            }
        }
    }

    private static boolean hasHost(String url) {
        try {
            URI uri = new URI(url.trim());
            // an authority that is no host and port ("localhost:abc") leaves the host null
            return uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void validateStrategy(String name, Object value) {
        try {
            SubjectNameStrategy.parse((String) value);
        } catch (ConfigException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }
}
