package io.streamcast.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The compatibility rules of Confluent Schema Registry, judged with Avro's own reader/writer resolution rules.
 * BACKWARD: the new schema reads data written with the previous one; FORWARD: the previous schema reads data
 * written with the new one; FULL: both. The TRANSITIVE variants hold against every earlier version, not only the
 * latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * Why {@code candidate} may not follow {@code earlier} (oldest first) under this level; empty when it may.
     * Each message names the version it conflicts with (1 = oldest) and the direction that fails.
     */
    public List<String> problems(Schema candidate, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        int first = transitive ? 0 : Math.max(0, earlier.size() - 1);
        for (int i = first; i < earlier.size(); i++) {
            Schema previous = earlier.get(i);
            int version = i + 1;
            if (newReadsOld) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), candidate,
                        "the new schema cannot read data written with version " + version, problems);
            }
            if (oldReadsNew) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), previous,
                        "version " + version + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, Schema reader, String direction,
                                 List<String> problems) {
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + SchemaIncompatibilities.describe(incompatibility, reader));
        }
    }

    /** Parses a level as the registry spells it ({@code BACKWARD}, {@code full_transitive}, ...). */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("Invalid compatibility level " + name, 422,
                    SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
        }
    }
}
