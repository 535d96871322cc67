package io.streamcast.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Opens a TLS store file for the start-up checks, as the clients open it. */
final class StoreFiles {

    private StoreFiles() {
    }

    /**
     * The {@code type} store at {@code location} opened with {@code password} (null when left out, as the clients
     * then open it), or null when it cannot be read so: the client then fails on it as before.
     */
    static KeyStore open(String type, String location, char[] password) {
        if (type == null || location == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The format of the store at {@code location} as the JDK finds it (JKS, PKCS12), whatever type it is read as
     * (Java 17 reads either format under either type), or null when it cannot be read.
     */
    static String format(String location) {
        if (location == null) {
            return null;
        }
        try {
            // without a password: a JKS store opens so, and a PKCS12 one shows what is not encrypted
            return KeyStore.getInstance(Path.of(location).toFile(), (char[]) null).getType();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }
}
