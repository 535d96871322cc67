package io.streamcast.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A list setting's values, each one of {@code allowed} and none given twice. Kafka's {@link ConfigDef.ValidList},
 * used directly, has the setting's duplicates dropped with a warning before it validates it (and {@code ,} warned of
 * a duplicate empty value before it was refused), where Streamcast refuses a list setting's duplicates, as it does
 * {@code forecast.indices}'s: a value given twice is a mistake in the list, not a choice. Wrapped, Kafka parses the
 * list as given.
 */
final class DistinctValues implements ConfigDef.Validator {

    private final ConfigDef.ValidList allowed;

    private DistinctValues(ConfigDef.ValidList allowed) {
        this.allowed = allowed;
    }

    /** Any of {@code names}, each at most once; an empty list allowed. */
    static DistinctValues in(String... names) {
        return new DistinctValues(ConfigDef.ValidList.in(true, names));
    }

    @Override
    public void ensureValid(String name, Object value) {
        List<?> values = (List<?>) value;
        if (values == null) {
            allowed.ensureValid(name, null);
            return;
        }
        // each value judged first, so that an unknown or empty one is named as such rather than as a repeat
        allowed.ensureValid(name, values.stream().distinct().toList());
        Set<Object> seen = new HashSet<>();
        for (Object one : values) {
            if (!seen.add(one)) {
                throw new ConfigException(name, values, one + " is given twice");
            }
        }
    }

    @Override
    public String toString() {
        return allowed.toString();
    }
}
