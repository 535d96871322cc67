package io.streamcast.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate the classes generated from schemas/: since 1.12 Avro refuses to load record classes
 * outside its trusted packages when it reads data.
 */
public final class GeneratedClasses {

    public static final String PACKAGE = "io.streamcast.schema.";
    private static boolean trusted;

    private GeneratedClasses() {
    }

    /** Adds the generated package to Avro's trusted classes; idempotent. */
    public static synchronized void trust() {
        if (!trusted) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith(PACKAGE)));
            trusted = true;
        }
    }
}
