package io.streamcast.serde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Where a writer schema (the subject's latest version) gives a value of the class's own schema another logical type.
 * Avro's compatibility check compares only the underlying types, so it passes a latest version whose
 * {@code event_time} is a plain {@code long} where ours is a {@code timestamp-millis}; yet the two differ in meaning
 * (a {@code timestamp-micros} there would read our milliseconds as microseconds), and the generated class
 * holds such a field as a {@code java.time.Instant}, which Avro's writer cannot write as a plain {@code long}.
 * Fields are paired as {@link ByNameDatumWriter} pairs them: by name or alias; a field is named as the latest
 * version names it.
 */
final class LogicalTypeDifferences {

    private LogicalTypeDifferences() {
    }

    /**
     * @param own    the generated class's schema, whose values are written
     * @param latest the schema they are written with
     * @return one line per difference, naming the field ({@code spec.created_at}) and both logical types; empty when
     *         every value keeps its logical type
     */
    static List<String> between(Schema own, Schema latest) {
        List<String> differences = new ArrayList<>();
        compare(own, latest, "", differences, new HashSet<>());
        return differences;
    }

    private static void compare(Schema own, Schema latest, String path, List<String> differences,
                                Set<String> recordsSeen) {
        if (!sameLogicalType(own.getLogicalType(), latest.getLogicalType())) {
            EpochUnit unit = EpochUnit.writing(own, latest);
            differences.add("field " + (path.isEmpty() ? "(the record)" : path) + ": " + describe(latest)
                    + " in the latest version, " + describe(own) + " in ours"
                    + (unit == null ? "" : " (with latest.compatibility.strict=false written as its " + unit + ")"));
            return;
        }
        if (own.getType() == Schema.Type.UNION || latest.getType() == Schema.Type.UNION) {
            for (Schema ownBranch : branches(own)) {
                for (Schema latestBranch : branches(latest)) {
                    if (sameKind(ownBranch, latestBranch)) {
                        compare(ownBranch, latestBranch, path, differences, recordsSeen);
                    }
                }
            }
            return;
        }
        if (own.getType() != latest.getType()) {
            return; // Avro's own check judges the underlying types
        }
        switch (own.getType()) {
            case RECORD -> {
                // a recursive record is compared once
                if (!recordsSeen.add(own.getFullName() + " / " + latest.getFullName())) {
                    return;
                }
                for (Schema.Field field : latest.getFields()) {
                    Schema.Field ownField = ByNameDatumWriter.ownField(own, field);
                    if (ownField != null) {
                        compare(ownField.schema(), field.schema(),
                                path.isEmpty() ? field.name() : path + "." + field.name(), differences, recordsSeen);
                    }
                }
            }
            case ARRAY -> compare(own.getElementType(), latest.getElementType(), path, differences, recordsSeen);
            case MAP -> compare(own.getValueType(), latest.getValueType(), path, differences, recordsSeen);
            default -> {
            }
        }
    }

    private static List<Schema> branches(Schema schema) {
        return schema.getType() == Schema.Type.UNION ? schema.getTypes() : List.of(schema);
    }

    /** The union branch Avro would resolve a value to: the same type, and for named types the same name. */
    private static boolean sameKind(Schema own, Schema latest) {
        if (own.getType() != latest.getType()) {
            return false;
        }
        return switch (own.getType()) {
            case RECORD, ENUM, FIXED -> own.getName().equals(latest.getName());
            default -> true;
        };
    }

    private static boolean sameLogicalType(LogicalType own, LogicalType latest) {
        if (own == null || latest == null) {
            return own == latest;
        }
        // a decimal's precision and scale belong to its meaning; other logical types are singletons by name
        return own.getName().equals(latest.getName())
                && (!(own instanceof LogicalTypes.Decimal) || Objects.equals(own, latest));
    }

    private static String describe(Schema schema) {
        String type = schema.getType().getName();
        LogicalType logical = schema.getLogicalType();
        if (logical == null) {
            return "a plain " + type;
        }
        String name = logical instanceof LogicalTypes.Decimal decimal
                ? "decimal(" + decimal.getPrecision() + ", " + decimal.getScale() + ")" : logical.getName();
        return "a " + type + " of logical type " + name;
    }
}
