package io.streamcast.serde;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
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
     * left out, as the registry client opens it), opens with the empty password and shows its certificate: Java's key
     * manager presents no key without one, as of a PKCS12 store opened without its password, whose certificates are
     * encrypted.
     */
    public static boolean opensAKey(String type, String location, char[] storePassword) {
        KeyStore store = StoreFiles.open(type, location, storePassword);
        if (store == null) {
            return false;
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (store.isKeyEntry(alias) && chain != null && chain.length > 0
                        && store.getKey(alias, EMPTY) != null) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
