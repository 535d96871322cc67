package io.streamcast.serde;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * Whether an empty TLS password is the one its store was made with. A JKS or PKCS12 store can be made with the empty
 * password ({@code openssl pkcs12 -export -passout pass:}), and then opens only with it: Kafka's clients refuse a key
 * store whose password is left out, and read a PKCS12 trust store without one as holding no certificate; so does the
 * schema registry client. Both take an empty password given for such a store, and refuse one given for another.
 */
public final class EmptyStorePassword {

    private static final char[] EMPTY = new char[0];

    private EmptyStorePassword() {
    }

    /** Whether the {@code type} store at {@code location} opens with the empty password. */
    public static boolean opensStore(String type, String location) {
        return StoreFiles.open(type, location, EMPTY) != null;
    }

    /**
     * Whether a key in the {@code type} key store at {@code location}, opened with {@code storePassword} (null when
     * left out), opens with the empty password.
     */
    public static boolean opensAKey(String type, String location, char[] storePassword) {
        // a key store whose password is left out Kafka's clients refuse, whatever its keys
        KeyStore store = storePassword == null ? null : StoreFiles.open(type, location, storePassword);
        if (store == null) {
            return false;
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, EMPTY) != null) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
