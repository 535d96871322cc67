package io.streamcast.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.serde.CompatibilityCheck;
import io.streamcast.serde.CompatibilityLevel;
import io.streamcast.serde.MockSchemaRegistry;
import io.streamcast.serde.RegisteredSchema;
import io.streamcast.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The routes of Confluent Schema Registry's REST API that clients of Avro subjects use, answered from a
 * {@link MockSchemaRegistry} with the status codes and {@code {"error_code", "message"}} bodies Confluent documents.
 */
final class ConfluentApi {

    /** One answer: HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private final MockSchemaRegistry store;
    private final ObjectMapper json = new ObjectMapper();

    ConfluentApi(MockSchemaRegistry store) {
        this.store = store;
    }

    Answer handle(String method, String rawPath, String query, byte[] body) {
        List<String> path = segments(rawPath);
        try {
            return route(method, path, query == null ? "" : query, body);
        } catch (SchemaRegistryException e) {
            return error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (BadRequest e) {
            return error(e.status, e.errorCode, e.getMessage());
        }
    }

    Answer error(int status, int errorCode, String message) {
        return new Answer(status, json.createObjectNode().put("error_code", errorCode).put("message", message));
    }

    private Answer route(String method, List<String> path, String query, byte[] body) {
        String first = path.isEmpty() ? "" : path.get(0);
        int size = path.size();
        if (method.equals("GET") && first.equals("schemas") && size == 3 && path.get(1).equals("ids")) {
            Schema schema = store.schemaById(parseInt(path.get(2), 404, SchemaRegistryException.SCHEMA_NOT_FOUND));
            return ok(json.createObjectNode().put("schema", schema.toString()));
        }
        if (first.equals("subjects")) {
            return subjects(method, path, body);
        }
        if (method.equals("POST") && first.equals("compatibility") && size == 5 && path.get(1).equals("subjects")
                && path.get(3).equals("versions")) {
            return compatibility(path.get(2), path.get(4), query.contains("verbose=true"), body);
        }
        if (first.equals("config") && (size == 1 || size == 2)) {
            return config(method, size == 2 ? path.get(1) : null, body);
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Answer subjects(String method, List<String> path, byte[] body) {
        int size = path.size();
        if (method.equals("GET") && size == 1) {
            ArrayNode subjects = json.createArrayNode();
            store.subjects().forEach(subjects::add);
            return ok(subjects);
        }
        String subject = size > 1 ? path.get(1) : "";
        if (method.equals("POST") && size == 2) {
            return ok(describe(store.lookup(subject, schemaOf(body))));
        }
        if (method.equals("POST") && size == 3 && path.get(2).equals("versions")) {
            return ok(json.createObjectNode().put("id", store.register(subject, schemaOf(body))));
        }
        if (method.equals("GET") && size == 3 && path.get(2).equals("versions")) {
            ArrayNode versions = json.createArrayNode();
            store.versions(subject).forEach(versions::add);
            return ok(versions);
        }
        if (method.equals("GET") && size == 4 && path.get(2).equals("versions")) {
            return ok(describe(version(subject, path.get(3))));
        }
        if (method.equals("GET") && size == 5 && path.get(2).equals("versions") && path.get(4).equals("schema")) {
            return ok(json.valueToTree(parseJson(version(subject, path.get(3)).schema().toString())));
        }
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private Answer compatibility(String subject, String version, boolean verbose, byte[] body) {
        Schema candidate = schemaOf(body);
        CompatibilityCheck check;
        if (version.equals("latest")) {
            check = store.checkCompatibility(subject, candidate);
        } else {
            RegisteredSchema against = version(subject, version);
            check = CompatibilityCheck.ofProblems(store.compatibility(subject).problems(candidate,
                    List.of(against.schema())));
        }
        ObjectNode answer = json.createObjectNode().put("is_compatible", check.compatible());
        if (verbose) {
            ArrayNode messages = answer.putArray("messages");
            check.messages().forEach(messages::add);
        }
        return ok(answer);
    }

    private Answer config(String method, String subject, byte[] body) {
        if (method.equals("GET")) {
            CompatibilityLevel level = subject == null ? store.defaultCompatibility() : store.compatibility(subject);
            return ok(json.createObjectNode().put("compatibilityLevel", level.name()));
        }
        if (method.equals("PUT")) {
            JsonNode request = parseJson(new String(body, StandardCharsets.UTF_8));
            CompatibilityLevel level = CompatibilityLevel.parse(request.path("compatibility").asText(""));
            if (subject == null) {
                store.setDefaultCompatibility(level);
            } else {
                store.setCompatibility(subject, level);
            }
            return ok(json.createObjectNode().put("compatibility", level.name()));
        }
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private RegisteredSchema version(String subject, String version) {
        if (version.equals("latest") || version.equals("-1")) {
            return store.latest(subject);
        }
        return store.version(subject, parseInt(version, 422, SchemaRegistryException.INVALID_VERSION));
    }

    private ObjectNode describe(RegisteredSchema registered) {
        return json.createObjectNode()
                .put("subject", registered.subject())
                .put("version", registered.version())
                .put("id", registered.id())
                .put("schema", registered.schema().toString());
    }

    private Schema schemaOf(byte[] body) {
        JsonNode request = parseJson(new String(body, StandardCharsets.UTF_8));
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new BadRequest(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: unsupported type "
                    + type);
        }
        JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new BadRequest(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: no schema string");
        }
        try {
            return new Schema.Parser().parse(schema.asText());
        } catch (SchemaParseException e) {
            throw new BadRequest(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema " + e.getMessage());
        }
    }

    private JsonNode parseJson(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new BadRequest(400, 400, "Unrecognized request body: " + e.getMessage());
        }
    }

    private Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static int parseInt(String text, int status, int errorCode) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequest(status, errorCode, "Not a number: " + text);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : Arrays.asList(rawPath.split("/"))) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static final class BadRequest extends RuntimeException {
        private final int status;
        private final int errorCode;

        BadRequest(int status, int errorCode, String message) {
            super(message);
            this.status = status;
            this.errorCode = errorCode;
        }
    }
}
