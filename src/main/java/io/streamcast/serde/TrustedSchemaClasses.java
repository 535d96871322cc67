package io.streamcast.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro to trust the classes generated from schemas/: Avro refuses to instantiate classes it has not been told
 * to trust, so any specific reader of ours needs this first. The serdes call it; other code that builds Avro
 * specific readers directly should too.
 */
public final class TrustedSchemaClasses {

    /** The package the classes generated from schemas/ live in. */
    public static final String GENERATED_PACKAGE = "io.streamcast.schema";

    private static boolean installed;

    private TrustedSchemaClasses() {
    }

    /** Adds the generated package to Avro's trusted classes, keeping whatever was trusted before; idempotent. */
    public static synchronized void install() {
        if (!installed) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(),
                    type -> GENERATED_PACKAGE.equals(type.getPackageName())));
            installed = true;
        }
    }
}
