package io.streamcast.serde;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.Optional;

/**
 * Whether a trust store opens, as a client opens it, but trusts nothing. Java takes a certificate in a PKCS12 store
 * as trusted only when it carries Java's trusted-key-usage attribute, which {@code openssl pkcs12 -export -nokeys}
 * does not write: such a store opens with its password and holds no entry, and a PKCS12 store opened without its
 * password shows none of its encrypted certificates; a JKS store opened without its password shows its certificates
 * all the same, without checking the store's integrity, so one that shows none holds none. Kafka's clients and the
 * registry client are created with such a store, and every TLS handshake then fails ({@code the trustAnchors
 * parameter must be non-empty}), naming no setting.
 */
public final class EmptyTrustStore {

    private EmptyTrustStore() {
    }

    /**
     * Why the {@code type} trust store at {@code location}, opened with {@code password} (null when left out), trusts
     * nothing, and how to mend it; empty when it holds a certificate (one of a key entry is trusted too) or cannot be
     * opened so (the client then fails on it as before).
     *
     * @param passwordSetting the setting that gives the password, named when it is left out
     */
    public static Optional<String> trustsNothing(String type, String location, char[] password,
            String passwordSetting) {
        KeyStore store = StoreFiles.open(type, location, password);
        if (store == null || holdsACertificate(store)) {
            return Optional.empty();
        }
        // a JKS store opened without a password shows its certificates all the same (unchecked): it holds none
        boolean pkcs12 = "PKCS12".equals(StoreFiles.format(location));
        String withoutPassword = password == null && pkcs12 ? "opened without a password (" + passwordSetting
                + " is left out), a PKCS12 store shows none of its encrypted certificates: give its password; " : "";
        String untrusted = pkcs12 ? "Java takes a certificate in a PKCS12 store as trusted only with its"
                + " trusted-key-usage attribute, which openssl pkcs12 -export does not write: " : "";
        return Optional.of("the " + type + " store holds no certificate Java trusts, so every TLS handshake would"
                + " fail after the start (the trustAnchors parameter must be non-empty): " + withoutPassword
                + untrusted + "import the CA's certificate into it with keytool -importcert -trustcacerts -alias ca"
                + " -file ca.pem -keystore " + location);
    }

    private static boolean holdsACertificate(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) != null) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            return true;
        }
    }
}
