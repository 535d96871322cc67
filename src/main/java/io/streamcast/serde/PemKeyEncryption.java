package io.streamcast.serde;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** One encrypted PKCS#8 private key in PEM text, its base64 the group. */
    private static final Pattern ENCRYPTED_KEY = Pattern.compile(
            "-+BEGIN ENCRYPTED PRIVATE KEY-+([a-zA-Z0-9/+=\\s]*)-+END ENCRYPTED PRIVATE KEY-+");

    private PemKeyEncryption() {
    }

    /**
     * The algorithm of the encrypted PEM private key in {@code pem} when this JVM has no SecretKeyFactory or Cipher
     * for it, with Java's reason; empty for a key it can decrypt, for text holding no such key or more than one, or a
     * key it cannot parse (the client then fails on it as before).
     */
    public static Optional<String> undecryptable(String pem) {
        Optional<EncryptedPrivateKeyInfo> key = encryptedKey(pem);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String algorithm = key.get().getAlgName();
        try {
            SecretKeyFactory.getInstance(algorithm);
            Cipher.getInstance(algorithm);
            return Optional.empty();
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            return Optional.of(algorithm + ", which this JVM cannot decrypt (" + e.getMessage() + ")");
        }
    }

    /** Whether PEM text {@code pem} holds an encrypted PKCS#8 private key, which no one reads without its password. */
    public static boolean holdsEncryptedKey(String pem) {
        return ENCRYPTED_KEY.matcher(pem).find();
    }

    /**
     * The one encrypted PKCS#8 private key in PEM text {@code pem} ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----});
     * empty for text holding no such key, more than one, or one that cannot be parsed.
     */
    static Optional<EncryptedPrivateKeyInfo> encryptedKey(String pem) {
        Matcher key = ENCRYPTED_KEY.matcher(pem);
        if (!key.find()) {
            return Optional.empty();
        }
        String base64 = key.group(1);
        if (key.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EncryptedPrivateKeyInfo(Base64.getMimeDecoder().decode(base64)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
