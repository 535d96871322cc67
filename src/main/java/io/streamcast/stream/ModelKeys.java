package io.streamcast.stream;

import io.streamcast.predict.ForecastModel;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Keys of the models topic. The trainer writes each version under a key of its own, {@code name@version}, because the
 * topic is compacted and compaction keeps only the latest record of a key: under one key per model, a record the
 * predictors refuse (an undecodable snapshot, a lower version, a tombstone) would in time replace the accepted model,
 * and an instance restarting after that would have no model, or an older one. Under one key per version, a refused
 * record replaces nothing but itself. A record under the bare model name, as earlier releases and hand-published
 * models write, is read as before; the trainer also writes there a copy of each version it publishes, for instances
 * of earlier releases, which read nothing else.
 */
public final class ModelKeys {

    static final char SEPARATOR = '@';
    /** A model name may not hold the separator, so that no model's version key is another model's name. */
    public static final ConfigDef.Validator NAME_VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof String modelName && modelName.indexOf(SEPARATOR) >= 0) {
                throw new ConfigException(name, value, "must not contain '" + SEPARATOR + "', which separates a"
                        + " model's name from its version in the models topic's keys");
            }
        }

        @Override
        public String toString() {
            return "without '" + SEPARATOR + "'";
        }
    };
    /** What {@link #versionOf} returns for the bare model name, which may carry any version. */
    static final long ANY_VERSION = 0;
    /**
     * What {@link #versionOf} returns for a key of another model, or one that names no version in the form
     * {@link #of} writes.
     */
    static final long NOT_THIS_MODEL = -1;
    private static final int MAX_DIGITS = Long.toString(ForecastModel.MAX_VERSION).length();

    private ModelKeys() {
    }

    /** The key of {@code version} of {@code modelName}. */
    static String of(String modelName, long version) {
        return modelName + SEPARATOR + version;
    }

    /** Whether {@code key} is one of {@code modelName}'s version keys, well formed or not. */
    static boolean claims(String key, String modelName) {
        return key.length() > modelName.length() && key.startsWith(modelName)
                && key.charAt(modelName.length()) == SEPARATOR;
    }

    /**
     * The version {@code key} names for {@code modelName}: {@link #ANY_VERSION} for the bare name,
     * {@link #NOT_THIS_MODEL} for any other key.
     */
    static long versionOf(String key, String modelName) {
        if (key.equals(modelName)) {
            return ANY_VERSION;
        }
        if (!claims(key, modelName)) {
            return NOT_THIS_MODEL;
        }
        String digits = key.substring(modelName.length() + 1);
        // Only the form the trainer writes (no leading zero): default@05 would read as version 5, and the tombstone
        // retiring default@5 would never reach it, so compaction would keep it for ever.
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || digits.charAt(0) == '0'
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return NOT_THIS_MODEL;
        }
        // the largest version's number of digits fits an unsigned long; above the largest signed one it reads negative
        long version = Long.parseUnsignedLong(digits);
        return version > 0 && version <= ForecastModel.MAX_VERSION ? version : NOT_THIS_MODEL;
    }
}
