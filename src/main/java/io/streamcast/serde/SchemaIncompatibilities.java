package io.streamcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Reads Avro's compatibility verdicts for people: names the field (Avro gives a JSON pointer into the reader schema
 * with field positions, {@code /fields/1/type}) and leaves out the schemas themselves.
 */
final class SchemaIncompatibilities {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaIncompatibilities() {
    }

    /**
     * True when the problem shows only for some data: a writer enum symbol or union branch the reader lacks fails
     * only the records that use it, as Avro itself resolves them.
     */
    static boolean isDataDependent(Incompatibility incompatibility) {
        SchemaIncompatibilityType type = incompatibility.getType();
        return type == SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS
                || type == SchemaIncompatibilityType.MISSING_UNION_BRANCH;
    }

    static String describe(List<Incompatibility> incompatibilities, Schema reader) {
        return incompatibilities.stream().map(i -> describe(i, reader)).collect(Collectors.joining("; "));
    }

    static String describe(Incompatibility incompatibility, Schema reader) {
        String what = switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "the reader needs it, the writer lacks it and it has no default";
            case MISSING_ENUM_SYMBOLS -> "the writer has enum symbols the reader lacks: "
                    + incompatibility.getMessage();
            default -> incompatibility.getMessage();
        };
        return "field " + fieldPath(incompatibility.getLocation(), reader) + ": " + what
                + " (" + incompatibility.getType() + ")";
    }

    /** {@code /fields/3/type/fields/1/type} as {@code spec.forecast_indices}; the pointer itself if it cannot be. */
    static String fieldPath(String location, Schema reader) {
        try {
            JsonNode node = JSON.readTree(reader.toString());
            StringBuilder path = new StringBuilder();
            String[] tokens = location.split("/");
            for (int i = 1; i < tokens.length; i++) {
                if (node == null) {
                    return location;
                }
                if (tokens[i].equals("fields") && i + 1 < tokens.length) {
                    node = node.path("fields").get(Integer.parseInt(tokens[++i]));
                    if (node == null) {
                        return location;
                    }
                    path.append(path.length() == 0 ? "" : ".").append(node.path("name").asText());
                } else if (tokens[i].matches("\\d+")) {
                    node = node.get(Integer.parseInt(tokens[i]));
                } else {
                    node = node.get(tokens[i]);
                }
            }
            return path.length() == 0 ? "(the record)" : path.toString();
        } catch (IOException | RuntimeException e) {
            return location;
        }
    }

    /**
     * The branches of the writer's unions that the reader cannot read where it reads one of their other branches, as a
     * nullable field ({@code ["null", "long"]}) read as a plain {@code long}. Avro resolves a union's branch record by
     * record, so only the records written with such a branch (a null) fail; its compatibility check still reports
     * each as a type mismatch of the whole schema. Compared by identity with Avro's verdicts' writer fragments.
     */
    static Set<Schema> branchesFailingPerRecord(Schema reader, Schema writer) {
        Set<Schema> failing = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Place place : places(reader, writer)) {
            if (place.writer().getType() != Schema.Type.UNION || place.reader().getType() == Schema.Type.UNION) {
                continue;
            }
            List<Schema> unreadable = new ArrayList<>();
            for (Schema branch : place.writer().getTypes()) {
                if (SchemaCompatibility.checkReaderWriterCompatibility(place.reader(), branch).getType()
                        != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    unreadable.add(branch);
                }
            }
            if (unreadable.size() < place.writer().getTypes().size()) {
                failing.addAll(unreadable);
            }
        }
        addNullBranches(writer, failing, Collections.newSetFromMap(new IdentityHashMap<>()));
        return failing;
    }

    /**
     * The null branch of every union of the writer's that has another branch, however deep (a nullable array of
     * nullable doubles, {@code ["null", {"type": "array", "items": ["null", "double"]}]}): only a record holding a null
     * there fails, and Avro's check reports it against the enclosing type, where no place of the reader's matches it.
     */
    private static void addNullBranches(Schema writer, Set<Schema> found, Set<Schema> seen) {
        if (!seen.add(writer)) {
            return;
        }
        switch (writer.getType()) {
            case RECORD -> writer.getFields().forEach(field -> addNullBranches(field.schema(), found, seen));
            case ARRAY -> addNullBranches(writer.getElementType(), found, seen);
            case MAP -> addNullBranches(writer.getValueType(), found, seen);
            case UNION -> {
                for (Schema branch : writer.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL && writer.getTypes().size() > 1) {
                        found.add(branch);
                    }
                    addNullBranches(branch, found, seen);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Where the writer may write a null that the reader cannot read, each named for people ({@code field event_time},
     * {@code an element of values}). Avro fails such a record only with "Found null, expecting double", naming no
     * field, or, in an array, first as one that ends early: it counts each element at the bytes of a double.
     */
    static List<String> unreadableNulls(Schema reader, Schema writer) {
        Set<String> found = new LinkedHashSet<>();
        for (Place place : places(reader, writer)) {
            if (place.writer().getType() == Schema.Type.UNION && !takesNull(place.reader())
                    && place.writer().getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL)) {
                String path = place.path();
                // a writer's top-level union with a null branch: the record itself is null, no field of it
                found.add(path.equals("(the record)") ? "the record"
                        : path.endsWith("[]") ? "an element of " + path.substring(0, path.length() - 2)
                        : "field " + path);
            }
        }
        return List.copyOf(found);
    }

    private static boolean takesNull(Schema reader) {
        return reader.getType() == Schema.Type.NULL || reader.getType() == Schema.Type.UNION
                && reader.getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL);
    }

    /** Whether the writer has a union where the reader reads one type (a nullable field read as a plain one). */
    static boolean readsAWriterUnionAsOneType(Schema reader, Schema writer) {
        return places(reader, writer).stream().anyMatch(place -> place.writer().getType() == Schema.Type.UNION
                && place.reader().getType() != Schema.Type.UNION);
    }

    /** A place in the reader's schema, named by its field path, and the writer's schema at the same place. */
    record Place(Schema reader, Schema writer, String path) {
    }

    /** Every place both schemas have: records' fields (by name or alias) and collections' elements. */
    static List<Place> places(Schema reader, Schema writer) {
        List<Place> places = new ArrayList<>();
        addPlaces(reader, writer, "", places, new HashSet<>());
        return places;
    }

    /** A reader's record and the writer's read as it, by identity: each pair is walked once. */
    private record Pair(Schema reader, Schema writer) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Pair pair && pair.reader == reader && pair.writer == writer;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(reader) + System.identityHashCode(writer);
        }
    }

    private static void addPlaces(Schema reader, Schema writer, String path, List<Place> places, Set<Pair> seen) {
        places.add(new Place(reader, writer, path.isEmpty() ? "(the record)" : path));
        Schema.Type type = reader.getType();
        if (writer.getType() == Schema.Type.UNION && type != Schema.Type.UNION) {
            // a nullable field read as a plain one: its branch of the reader's type is read at the same place
            for (Schema branch : writer.getTypes()) {
                if (branch.getType() == type && type != Schema.Type.UNION) {
                    addPlaces(reader, branch, path, places, seen);
                }
            }
            return;
        }
        if (type != writer.getType()) {
            return;
        }
        if (type == Schema.Type.RECORD) {
            // by the pair: a writer's union of two records read as this one has each's fields read in turn
            if (!seen.add(new Pair(reader, writer))) {
                return;
            }
            for (Schema.Field field : reader.getFields()) {
                Schema.Field written = writerField(writer, field);
                if (written != null) {
                    addPlaces(field.schema(), written.schema(),
                            path.isEmpty() ? field.name() : path + "." + field.name(), places, seen);
                }
            }
        } else if (type == Schema.Type.ARRAY) {
            addPlaces(reader.getElementType(), writer.getElementType(), path + "[]", places, seen);
        } else if (type == Schema.Type.MAP) {
            addPlaces(reader.getValueType(), writer.getValueType(), path + "[]", places, seen);
        }
    }

    private static Schema.Field writerField(Schema writer, Schema.Field field) {
        Schema.Field written = writer.getField(field.name());
        if (written != null) {
            return written;
        }
        for (String alias : field.aliases()) {
            if (writer.getField(alias) != null) {
                return writer.getField(alias);
            }
        }
        return null;
    }
}
