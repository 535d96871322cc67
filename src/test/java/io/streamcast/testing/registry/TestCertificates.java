package io.streamcast.testing.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/** Self-signed certificates, PKCS12 stores and PEM text for TLS tests against {@link TestSchemaRegistry}. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A key pair with a self-signed certificate valid for 127.0.0.1 and localhost. */
    public record Identity(KeyPair keys, X509Certificate certificate) {
    }

    public static Identity selfSigned(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new Identity(keys, certificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a test certificate", e);
        }
    }

    /** A PKCS12 store holding {@code identity}'s key and certificate under the alias "key". */
    public static KeyStore keyStore(Identity identity, char[] password) {
        return keyStore("PKCS12", identity, password);
    }

    /**
     * A {@code type} store (JKS, PKCS12) holding {@code identity}'s key, under {@code password}, and certificate under
     * the alias "key".
     */
    public static KeyStore keyStore(String type, Identity identity, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setKeyEntry("key", identity.keys().getPrivate(), password,
                    new X509Certificate[] {identity.certificate()});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 store trusting {@code certificates}. */
    public static KeyStore trustStore(X509Certificate... certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("trusted-" + i, certificates[i]);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes to {@code file} a PKCS12 store holding {@code certificate} as {@code openssl pkcs12 -export -nokeys}
     * (OpenSSL 3) writes one: the certificate's bag encrypted with AES-256 under {@code password}, a SHA-256 MAC, and
     * no attributes, so none of Java's trusted-key-usage attribute. Returns the file.
     */
    public static Path writeAsOpenSsl(X509Certificate certificate, Path file, char[] password) {
        try {
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            // Bouncy Castle's own provider: the JDK's lacks what its encryptor and MAC ask for
            BouncyCastleProvider provider = new BouncyCastleProvider();
            pfx.addEncryptedData(new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(provider).build(password), new JcaPKCS12SafeBagBuilder(certificate).build());
            Files.write(file, pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                    .setProvider(provider), password).getEncoded());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException | PKCSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code store} to {@code file}, protected by {@code password}, and returns the file. */
    public static Path write(KeyStore store, Path file, char[] password) {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code certificates} as PEM text, as openssl x509 writes each. */
    public static String pem(X509Certificate... certificates) {
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate certificate : certificates) {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return pem.toString();
    }

    /** {@code key} as unencrypted PKCS#8 PEM text, as openssl pkcs8 -topk8 -nocrypt writes it. */
    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** {@code key} as PKCS#8 PEM text encrypted with {@code password}, as openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES. */
    public static String encryptedPem(PrivateKey key, char[] password) {
        try {
            String algorithm = "PBEWithSHA1AndDESede";
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(password)), new PBEParameterSpec(new byte[8], 2048));
            return pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(cipher.getParameters(),
                    cipher.doFinal(key.getEncoded())).getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Writes {@code text} to {@code file} and returns the file. */
    public static Path write(String text, Path file) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server-side context presenting {@code server} and trusting client certificates in {@code trustedClients}. */
    public static SSLContext serverContext(Identity server, X509Certificate... trustedClients) {
        try {
            char[] password = "server".toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(server, password), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(trustedClients));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
