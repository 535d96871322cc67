package io.streamcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
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
}
