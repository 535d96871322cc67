package io.streamcast.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The private key of a PEM key store, read as Kafka's clients read one: a single PKCS#8 key, decrypted with the key
 * password when it is encrypted ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}) with the algorithm Java names for
 * it, read as it is when not. Each way it cannot be read is refused naming the setting that holds it.
 */
final class PemPrivateKey {

    /** A PKCS#8 key, the group 1 "ENCRYPTED " or empty, group 2 its base64. */
    private static final Pattern KEY = Pattern.compile(
            "-+BEGIN ((?:ENCRYPTED )?)PRIVATE KEY-+([a-zA-Z0-9/+=\\s]*)-+END \\1PRIVATE KEY-+");
    /** PKCS#8 names its key's algorithm only by an identifier Java 17 does not expose, so each is tried. */
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "DSA", "EdDSA");
    /** A signature each key algorithm makes, to see whether a key is its certificate's ({@link #signsFor}). */
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA",
            "DSA", "SHA256withDSA", "EdDSA", "EdDSA", "Ed25519", "Ed25519", "Ed448", "Ed448");

    private PemPrivateKey() {
    }

    /**
     * @param pem the PEM text holding the key
     * @param password the key password, null when left out
     * @param setting the setting that gives the text (a file's location, or the text itself), named on failure
     * @param value its value, shown on failure ({@link Password} shows hidden)
     * @throws ConfigException naming {@code setting} and, for the password, the key password's setting
     */
    static PrivateKey read(String pem, Password password, String setting, Object value) {
        Matcher key = KEY.matcher(pem);
        if (!key.find()) {
            throw new ConfigException(setting, value, "holds no PKCS#8 private key (-----BEGIN PRIVATE"
                    + " KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----), the one form Kafka's clients read: convert"
                    + " the key with openssl pkcs8 -topk8");
        }
        boolean encrypted = !key.group(1).isEmpty();
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(key.group(2));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, value, "the PEM private key is no base64: " + e.getMessage());
        }
        if (key.find()) {
            throw new ConfigException(setting, value, "holds more than one PEM private key: give one");
        }
        String keyPassword = SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG;
        if (encrypted && password == null) {
            // Kafka's clients read such a key as not encrypted and failed on it, naming no setting
            throw new ConfigException(setting, value, "the PEM private key is encrypted and no " + keyPassword
                    + " is given: give the password it was encrypted with");
        }
        if (!encrypted && password != null) {
            throw new ConfigException(setting, value, "the PEM private key is not encrypted, but " + keyPassword
                    + " is given, which Kafka's clients refuse too: leave it out");
        }
        PKCS8EncodedKeySpec spec = encrypted ? decrypt(pem, der, password, setting, value)
                : new PKCS8EncodedKeySpec(der);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not a key of this algorithm: the next is tried
            }
        }
        // a wrong password can decrypt to bytes that pass the cipher's padding check but are no key
        throw new ConfigException(setting, value, encrypted ? doesNotOpen(keyPassword, "no key")
                : "the PEM private key is no " + String.join(", ", ALGORITHMS) + " key Java reads");
    }

    /**
     * Whether {@code key} is the private key of {@code certificate}'s public key: a signature it makes verifies with
     * the certificate. Either key failing to sign or verify (an algorithm the other does not have) is a mismatch.
     */
    static boolean signsFor(PrivateKey key, Certificate certificate) {
        String algorithm = SIGNATURES.get(key.getAlgorithm());
        if (algorithm == null) {
            return true;
        }
        byte[] probe = "a key and its certificate".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signing = Signature.getInstance(algorithm);
            signing.initSign(key);
            signing.update(probe);
            byte[] signature = signing.sign();
            Signature verifying = Signature.getInstance(algorithm);
            verifying.initVerify(certificate.getPublicKey());
            verifying.update(probe);
            return verifying.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PKCS8EncodedKeySpec decrypt(String pem, byte[] der, Password password, String setting,
            Object value) {
        PemKeyEncryption.undecryptable(pem).ifPresent(algorithm -> {
            throw new ConfigException(setting, value, "the PEM private key is encrypted with " + algorithm
                    + ": re-encrypt it with openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES, or use a PKCS12 key store");
        });
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            Cipher cipher = Cipher.getInstance(info.getAlgName());
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(info.getAlgName()).generateSecret(
                    new PBEKeySpec(password.value().toCharArray())), info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (IOException e) {
            throw new ConfigException(setting, value, "the encrypted PEM private key cannot be read: "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            // else said as "Given final block not properly padded", naming no setting
            throw new ConfigException(setting, value, doesNotOpen(SchemaRegistryConfig.SSL_KEY_PASSWORD_CONFIG,
                    e.getMessage()));
        }
    }

    private static String doesNotOpen(String keyPassword, String reason) {
        return "the PEM private key does not open with " + keyPassword + " (" + reason + "): give the password it"
                + " was encrypted with";
    }
}
