package io.streamcast.serde;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

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
     * Whether the encrypted PEM private key in {@code pem} (PKCS#8, {@code -----BEGIN ENCRYPTED PRIVATE KEY-----})
     * decrypts with the empty password, as Kafka's clients decrypt the key of a PEM key store with the key password:
     * {@code openssl pkcs8 -topk8 -passout pass:} makes one. False for text holding no such key, or more than one.
     */
    public static boolean opensPemKey(String pem) {
        Optional<EncryptedPrivateKeyInfo> key = PemKeyEncryption.encryptedKey(pem);
        if (key.isEmpty()) {
            return false;
        }
        try {
            EncryptedPrivateKeyInfo info = key.get();
            SecretKey secret = SecretKeyFactory.getInstance(info.getAlgName()).generateSecret(new PBEKeySpec(EMPTY));
            Cipher cipher = Cipher.getInstance(info.getAlgName());
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            info.getKeySpec(cipher);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
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
