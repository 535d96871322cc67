package io.streamcast.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds the TLS context for https registry URLs from the {@code schema.registry.ssl.*} stores: JKS or PKCS12 files,
 * or PEM files ({@link PemStores}).
 */
final class RegistryTls {

    private RegistryTls() {
    }

    /** A context trusting the configured trust store and presenting the configured key, or empty for the JVM's. */
    static Optional<SSLContext> context(SchemaRegistryConfig config) {
        boolean hasTrust = !config.truststoreLocation().isBlank();
        boolean hasKey = !config.keystoreLocation().isBlank();
        if (!hasTrust && !hasKey) {
            return Optional.empty();
        }
        try {
            TrustManager[] trust = null;
            if (hasTrust) {
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(PemStores.TYPE.equals(config.truststoreType()) ? PemStores.trustStore(config)
                        : load(config.truststoreLocation(), config.truststoreType(), config.truststorePassword(),
                                SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG,
                                SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG));
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (hasKey) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                boolean pem = PemStores.TYPE.equals(config.keystoreType());
                KeyStore store = pem ? PemStores.keyStore(config) : load(config.keystoreLocation(),
                        config.keystoreType(), config.keystorePassword(),
                        SchemaRegistryConfig.SSL_KEYSTORE_LOCATION_CONFIG,
                        SchemaRegistryConfig.SSL_KEYSTORE_TYPE_CONFIG);
                try {
                    factory.init(store, pem ? PemStores.keyEntryPassword() : keyChars(config.keyPassword()));
                } catch (UnrecoverableKeyException e) {
                    // else said as "Get Key failed: Given final block not properly padded", naming no setting
                    throw new ConfigException("Cannot set up TLS for the schema registry: the private key in "
                            + config.keystoreLocation() + " does not open with "
                            + SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG + " (or, where that is not set, "
                            + SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD_CONFIG + "): " + e.getMessage());
                }
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the schema registry: " + e.getMessage());
        }
    }

    private static KeyStore load(String location, String type, Password password, String setting,
            String typeSetting) throws GeneralSecurityException {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            // else said as "FOO not found", naming no setting
            throw new ConfigException(typeSetting, type, "is no store type this JVM reads (JKS, PKCS12, or"
                    + " PEM in capitals)");
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, chars(password));
        } catch (IOException e) {
            throw new ConfigException(setting, location, "cannot read the " + type + " store: " + reason(e));
        }
        return store;
    }

    /** Why a store could not be read: the JDK's file exceptions carry only the path, named already. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }

    private static char[] keyChars(Password password) {
        char[] chars = chars(password);
        return chars == null ? new char[0] : chars;
    }

    /** Null for a password left out; the empty one given for a store made with it is its password. */
    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
