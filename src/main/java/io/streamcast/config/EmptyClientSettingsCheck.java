package io.streamcast.config;

import io.streamcast.serde.EmptyStorePassword;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * Refuses a Kafka client setting given empty where that client reads it and the empty value means something no one
 * would mean: Kafka's config classes take it without a word, and the client failed as it was created, after the start
 * had begun (exit status 1, naming no setting), or, for the static member id, took ids shared by every instance. An
 * empty value a client does not read (an SSL store under PLAINTEXT, as templates render unused fields) passes.
 */
final class EmptyClientSettingsCheck {

    private static final String READ_AS_NOTHING = "Kafka's clients would fail on it as they are created, after the"
            + " start has begun; leave it out";

    private static final List<String> STORE_PASSWORDS = List.of(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
    private static final List<String> PASSWORDS = List.of(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, SslConfigs.SSL_KEY_PASSWORD_CONFIG);

    private EmptyClientSettingsCheck() {
    }

    /**
     * @param client the client's settings as Kafka Streams derives them
     * @param prefixes the prefixes, most specific first, under which a setting reaches this client
     * @throws ConfigException naming the first such setting as it was given
     */
    static void require(AbstractConfig client, Properties settings, String[] prefixes) {
        String protocol = KafkaClientsCheck.securityProtocol(client);
        if (protocol.startsWith("SASL_")) {
            Password jaas = client.getPassword(SaslConfigs.SASL_JAAS_CONFIG);
            if (jaas != null && jaas.value().isBlank()) {
                refuse(settings, SaslConfigs.SASL_JAAS_CONFIG, prefixes, "under " + protocol + " " + READ_AS_NOTHING
                        + " to use the java.security.auth.login.config file");
            }
        }
        if (KafkaClientsCheck.opensSslStores(client)) {
            for (List<String> store : List.of(
                    List.of(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG),
                    List.of(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG))) {
                String location = client.getString(store.get(0));
                if (location != null && location.isBlank()) {
                    refuse(settings, store.get(0), prefixes, "under " + protocol + " " + READ_AS_NOTHING
                            + " for no store");
                }
                if (location != null && client.getString(store.get(1)).isBlank()) {
                    refuse(settings, store.get(1), prefixes, "it names no store format for " + store.get(0) + "; "
                            + READ_AS_NOTHING + " for JKS");
                }
            }
            requirePasswordsNotEmpty(client, settings, prefixes, protocol);
        }
    }

    /**
     * An empty store or key password is most often a template's variable left unset: a client opened the store with
     * it, or the key, and failed as it was created ({@code Failed to load SSL keystore}), naming no setting. The key
     * password is read only beside a key store. One that its store, or its key, opens with is the store's own; under
     * a key manager that opens a key only when it presents it (PKIX) the client was created with any key password,
     * and a PEM key encrypted with the empty password it decrypted.
     */
    private static void requirePasswordsNotEmpty(AbstractConfig client, Properties settings, String[] prefixes,
            String protocol) {
        boolean keyStore = client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) != null
                || client.getPassword(SslConfigs.SSL_KEYSTORE_KEY_CONFIG) != null;
        for (String name : keyStore ? PASSWORDS : STORE_PASSWORDS) {
            Password password = client.getPassword(name);
            if (password != null && password.value().isEmpty() && !opensItsStore(client, name)) {
                refuse(settings, name, prefixes, "under " + protocol + " Kafka's clients would fail on it as they"
                        + " are created, after the start has begun; an empty value is most often a template's"
                        + " variable left unset: give the password, or leave the setting out if no password is"
                        + " meant");
            }
        }
    }

    /**
     * Whether {@code client}'s store, or for the key password a key in its key store, opens with the empty one, or
     * the client is created with an empty key password all the same.
     */
    private static boolean opensItsStore(AbstractConfig client, String password) {
        String keyStoreType = client.getString(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
        String keyStore = client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        Password keyStorePassword = client.getPassword(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
        return switch (password) {
            case SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG -> EmptyStorePassword.opensStore(client.getString(
                    SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG), client.getString(
                    SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG));
            case SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG -> EmptyStorePassword.opensStore(keyStoreType, keyStore);
            // a key store whose password is left out Kafka's clients refuse, whatever its keys; under a key manager
            // that opens a key only when presenting it (PKIX) they are created whatever key opens, and present one
            // that does
            case SslConfigs.SSL_KEY_PASSWORD_CONFIG -> KafkaClientsCheck.PEM.equals(keyStoreType)
                    ? EmptyStorePassword.opensPemKey(pemKey(client))
                    : keyStorePassword != null && (!KeyStoreCheck.opensEveryKey(client) || EmptyStorePassword
                    .opensAKey(keyStoreType, keyStore, keyStorePassword.value().toCharArray()));
            default -> false;
        };
    }

    /** The PEM key store's text: the key given inline, or the file's; empty when the file cannot be read. */
    static String pemKey(AbstractConfig client) {
        Password inline = client.getPassword(SslConfigs.SSL_KEYSTORE_KEY_CONFIG);
        if (inline != null) {
            return inline.value();
        }
        try {
            return Files.readString(Path.of(client.getString(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG)));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * An empty static member id: Kafka Streams names each stream thread's static member after it, so every instance
     * would take the same ids (-1, -2, ...), which the group holds one member to at a time.
     */
    static void requireStaticMemberId(Properties settings, String[] prefixes) {
        for (String prefix : prefixes) {
            Object id = settings.get(prefix + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            if (id != null) {
                if (id.toString().isBlank()) {
                    refuse(settings, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, prefixes, "Kafka Streams names each"
                            + " stream thread's static member after it, so every instance would take the same ids"
                            + " (-1, -2, ...), which the group holds one member to at a time; leave it out, or give"
                            + " each instance its own (a StatefulSet's pod name)");
                }
                return;
            }
        }
    }

    private static void refuse(Properties settings, String name, String[] prefixes, String why) {
        String given = KafkaClientsCheck.given(settings, name, prefixes);
        throw new ConfigException(given, settings.get(given), "must not be empty: " + why);
    }
}
