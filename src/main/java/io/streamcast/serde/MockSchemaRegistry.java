package io.streamcast.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-memory registry for tests and {@code demo}, addressed as {@code mock://scope}: every serde given the same
 * scope in one JVM shares one registry, as with Confluent's own mock registry. It behaves as the real registry
 * does where serdes can tell: ids are global and reused when the same schema is registered under another subject,
 * versions count from 1 per subject, registration is checked against the subject's compatibility level (BACKWARD
 * unless set otherwise), and failures carry the registry's HTTP status and {@code error_code}.
 */
public final class MockSchemaRegistry implements SchemaRegistry {

    public static final String URL_PREFIX = "mock://";

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String name;
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel defaultLevel = CompatibilityLevel.BACKWARD;

    /** A registry of its own, shared with nobody (for a test registry server, say). */
    public MockSchemaRegistry() {
        this("in-memory registry");
    }

    private MockSchemaRegistry(String name) {
        this.name = name;
    }

    /** The registry of {@code scope}, created on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistry(URL_PREFIX + s));
    }

    /** Forgets a scope, so that a later {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        String canonical = schema.toString();
        for (RegisteredSchema version : versions) {
            if (version.schema().toString().equals(canonical)) {
                return version.id();
            }
        }
        List<String> problems = compatibility(subject).problems(schema, schemasOf(versions));
        if (!problems.isEmpty()) {
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for"
                    + " subject \"" + subject + "\", details: " + problems, 409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        int id = idsByCanonicalForm.computeIfAbsent(canonical, c -> {
            schemasById.add(schema);
            return schemasById.size();
        });
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException("Schema " + id + " not found", 404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        String canonical = schema.toString();
        for (RegisteredSchema version : versionsOf(subject)) {
            if (version.schema().toString().equals(canonical)) {
                return version;
            }
        }
        throw new SchemaRegistryException("Schema not found under subject '" + subject + "'", 404,
                SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = versionsOf(subject);
        return versions.get(versions.size() - 1);
    }

    /** Version {@code version} (from 1) of {@code subject}. */
    public synchronized RegisteredSchema version(String subject, int version) {
        List<RegisteredSchema> versions = versionsOf(subject);
        if (version < 1 || version > versions.size()) {
            throw new SchemaRegistryException("Version " + version + " not found.", 404,
                    SchemaRegistryException.VERSION_NOT_FOUND);
        }
        return versions.get(version - 1);
    }

    /** The version numbers of {@code subject}, oldest first. */
    public synchronized List<Integer> versions(String subject) {
        return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
    }

    /** Every subject with at least one version, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(new TreeSet<>(subjects.keySet()));
    }

    @Override
    public synchronized CompatibilityCheck checkCompatibility(String subject, Schema schema) {
        return CompatibilityCheck.ofProblems(compatibility(subject).problems(schema, schemasOf(versionsOf(subject))));
    }

    /** The level registrations under {@code subject} are checked against. */
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, defaultLevel);
    }

    /** The level of subjects without a level of their own. */
    public synchronized CompatibilityLevel defaultCompatibility() {
        return defaultLevel;
    }

    public synchronized void setDefaultCompatibility(CompatibilityLevel level) {
        defaultLevel = level;
    }

    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return versions;
    }

    private static List<Schema> schemasOf(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }
}
