package io.streamcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * A client of a registry that speaks Confluent's REST API (Confluent Schema Registry, Karapace, Apicurio's
 * {@code /apis/ccompat/v7}). Answers that cannot change are cached for the life of the client: the schema of an id,
 * the id of a schema registered or found under a subject. So each distinct schema costs one request, however many
 * records use it. The latest version of a subject and compatibility checks can change, so they are not cached here;
 * serializers keep their own per-topic choice. An answer that a schema id is unknown can change too (the id may be
 * registered later): it is remembered for a while only ({@link UnknownSchemaIds}).
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

    private final RegistryHttpClient client;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** Fetches of schemas by id under way, for threads asking for the same id meanwhile. */
    private final Map<Integer, CompletableFuture<Schema>> fetching = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final UnknownSchemaIds unknownIds;

    HttpSchemaRegistry(RegistryHttpClient client, UnknownSchemaIds unknownIds) {
        this.client = client;
        this.unknownIds = unknownIds;
    }

    public static HttpSchemaRegistry create(SchemaRegistryConfig config) {
        return new HttpSchemaRegistry(RegistryHttpClient.fromConfig(config), UnknownSchemaIds.fromConfig(config));
    }

    @Override
    public String describe() {
        return client.describe();
    }

    @Override
    public int register(String subject, Schema schema) {
        return registeredIds.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = client.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                    "Registering a schema under subject '" + subject + "'");
            int id = requireInt(answer, "id", subject);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /**
     * The schema of {@code id}, fetched once. Threads that ask for an id while it is being fetched wait for that
     * fetch and share its outcome, failure included. An id the registry answered it does not know is refused without
     * asking while that answer is remembered ({@code missing.id.cache.ttl.sec}). Why not {@code computeIfAbsent}: it
     * would hold a lock of the map for the whole call, and a second stream thread asking for the same id (or one the
     * map keeps beside it) would wait out the first call and then make its own, so that its wait, which the call
     * timeout is meant to bound, would double.
     */
    @Override
    public Schema schemaById(int id) {
        Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        SchemaRegistryException unknown = unknownIds.refusal(id);
        if (unknown != null) {
            throw unknown;
        }
        CompletableFuture<Schema> mine = new CompletableFuture<>();
        CompletableFuture<Schema> pending = fetching.putIfAbsent(id, mine);
        if (pending != null) {
            return outcome(pending);
        }
        try {
            Schema fetched = fetch(id);
            Schema stored = schemasById.putIfAbsent(id, fetched);
            Schema schema = stored != null ? stored : fetched;
            mine.complete(schema);
            return schema;
        } catch (RuntimeException e) {
            RuntimeException failure = e instanceof SchemaRegistryException answer && answer.isNotFound()
                    ? unknownIds.remember(id, answer) : e;
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            fetching.remove(id, mine);
        }
    }

    private Schema fetch(int id) {
        String action = "Fetching schema id " + id;
        JsonNode answer = client.send("GET", "/schemas/ids/" + id, null, action);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw SchemaRegistryException.unusableSchema(action + " from " + describe() + ": it is a " + type
                    + " schema, not Avro", null);
        }
        return parse(answer, action);
    }

    /** The schema another thread's fetch got, or the exception it failed with. */
    private static Schema outcome(CompletableFuture<Schema> fetch) {
        try {
            return fetch.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return lookups.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            String action = "Looking up the schema under subject '" + subject + "'";
            RegisteredSchema found = registered(client.send("POST", "/subjects/" + encode(subject), schemaBody(schema),
                    action), subject, action);
            registeredIds.putIfAbsent(key, found.id());
            return found;
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        String action = "Fetching the latest version of subject '" + subject + "'";
        return registered(client.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, action),
                subject, action);
    }

    @Override
    public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
        String action = "Checking compatibility under subject '" + subject + "'";
        JsonNode answer = client.send("POST", "/compatibility/subjects/" + encode(subject)
                + "/versions/latest?verbose=true", schemaBody(schema), action);
        if (!answer.path("is_compatible").isBoolean()) {
            throw new SchemaRegistryException(action + " at " + describe() + ": no is_compatible in " + answer);
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityCheck(answer.get("is_compatible").asBoolean(), messages);
    }

    private RegisteredSchema registered(JsonNode answer, String subject, String action) {
        int id = requireInt(answer, "id", subject);
        int version = requireInt(answer, "version", subject);
        Schema schema = schemasById.computeIfAbsent(id, key -> parse(answer, action));
        return new RegisteredSchema(subject, id, version, schema);
    }

    private ObjectNode schemaBody(Schema schema) {
        return client.json().createObjectNode().put("schema", schema.toString());
    }

    private Schema parse(JsonNode answer, String action) {
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException(action + " at " + describe() + ": the answer holds no schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            // not only SchemaParseException: a default its field's type cannot take throws AvroTypeException
            throw SchemaRegistryException.unusableSchema(action + " at " + describe()
                    + ": the registry's schema does not parse: " + e.getMessage() + references(answer), e);
        }
    }

    /**
     * Why a schema with references may not parse, or nothing: a schema registered with references names types
     * another subject defines (Confluent's serializers register them so), which this client does not fetch, and
     * Avro's own words, an undefined name, do not say so.
     */
    private static String references(JsonNode answer) {
        JsonNode references = answer.path("references");
        if (!references.isArray() || references.isEmpty()) {
            return "";
        }
        List<String> named = new ArrayList<>();
        references.forEach(reference -> named.add(reference.path("name").asText() + " (subject '"
                + reference.path("subject").asText() + "', version " + reference.path("version").asText() + ")"));
        return "; it has schema references, " + String.join(", ", named) + ", which Streamcast does not"
                + " resolve: register the schema with the types it references written in it";
    }

    private int requireInt(JsonNode answer, String field, String subject) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry at " + describe() + " answered for subject '" + subject
                    + "' without a numeric " + field + ": " + answer);
        }
        return value.intValue();
    }

    /** Subjects may hold characters not allowed in a URL path; Confluent's client escapes them the same way. */
    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
