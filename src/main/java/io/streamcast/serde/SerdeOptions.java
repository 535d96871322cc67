package io.streamcast.serde;

import java.util.Objects;

/**
 * How a serializer picks the schema id it writes, with Confluent's meanings: with {@code autoRegister} it registers
 * the generated class's schema; otherwise with {@code useLatestVersion} it writes with the subject's latest version
 * (checked, when {@code latestCompatibilityStrict}, to be able to read the class's data with the same logical
 * types); otherwise it looks the class's schema up and fails if it is not registered.
 */
public record SerdeOptions(SubjectNameStrategy subjectNameStrategy, boolean autoRegister, boolean useLatestVersion,
                           boolean latestCompatibilityStrict) {

    /** Confluent's defaults: topic name strategy, auto-registration on. */
    public static final SerdeOptions DEFAULTS = new SerdeOptions(SubjectNameStrategy.TOPIC, true, false, true);

    public SerdeOptions {
        Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy");
    }

    public SerdeOptions withSubjectNameStrategy(SubjectNameStrategy strategy) {
        return new SerdeOptions(strategy, autoRegister, useLatestVersion, latestCompatibilityStrict);
    }

    public SerdeOptions withAutoRegister(boolean value) {
        return new SerdeOptions(subjectNameStrategy, value, useLatestVersion, latestCompatibilityStrict);
    }

    public SerdeOptions withUseLatestVersion(boolean value) {
        return new SerdeOptions(subjectNameStrategy, autoRegister, value, latestCompatibilityStrict);
    }

    public SerdeOptions withLatestCompatibilityStrict(boolean value) {
        return new SerdeOptions(subjectNameStrategy, autoRegister, useLatestVersion, value);
    }
}
