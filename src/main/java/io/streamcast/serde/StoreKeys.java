package io.streamcast.serde;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Optional;

/** Whether every key of a key store opens with one password, as Java's SunX509 key manager opens them. */
public final class StoreKeys {

    private StoreKeys() {
    }

    /**
     * A key in the {@code type} key store at {@code location}, opened with {@code storePassword}, that does not open
     * with {@code keyPassword}; empty when every key opens with it, or when the store cannot be opened so (the client
     * then fails on it as before).
     */
    public static Optional<String> notOpeningWith(String type, String location, char[] storePassword,
            char[] keyPassword) {
        KeyStore store = StoreFiles.open(type, location, storePassword);
        if (store == null) {
            return Optional.empty();
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && !opens(store, alias, keyPassword)) {
                    return Optional.of(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean opens(KeyStore store, String alias, char[] password) throws GeneralSecurityException {
        try {
            return store.getKey(alias, password) != null;
        } catch (UnrecoverableKeyException e) {
            return false;
        }
    }
}
