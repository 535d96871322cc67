package io.streamcast.serde;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;

/**
 * Whether the running JVM can decrypt an encrypted PEM private key as Kafka's clients decrypt the key of a PEM key
 * store: with the SecretKeyFactory and Cipher of the algorithm Java names for it. Java 17 names a key encrypted with
 * PBES2, as {@code openssl pkcs8 -topk8} writes it by default, PBES2, for which it has neither.
 */
public final class PemKeyEncryption {

    private PemKeyEncryption() {
    }

    /**
     * The algorithm of the encrypted PEM private key in {@code pem} when this JVM has no SecretKeyFactory or Cipher
     * for it, with Java's reason; empty for a key it can decrypt, for text holding no such key or more than one, or a
     * key it cannot parse (the client then fails on it as before).
     */
    public static Optional<String> undecryptable(String pem) {
        Matcher key = EmptyStorePassword.ENCRYPTED_KEY.matcher(pem);
        if (!key.find()) {
            return Optional.empty();
        }
        String base64 = key.group(1);
        if (key.find()) {
            return Optional.empty();
        }
        String algorithm;
        try {
            algorithm = new EncryptedPrivateKeyInfo(Base64.getMimeDecoder().decode(base64)).getAlgName();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            SecretKeyFactory.getInstance(algorithm);
            Cipher.getInstance(algorithm);
            return Optional.empty();
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            return Optional.of(algorithm + ", which this JVM cannot decrypt (" + e.getMessage() + ")");
        }
    }
}
