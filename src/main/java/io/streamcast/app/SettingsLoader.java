package io.streamcast.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * Gathers settings from a properties file and the environment. Environment variables win over the file:
 * {@code STREAMCAST_MODEL_HIDDEN_SIZE} sets {@code model.hidden.size}, {@code KAFKA_BOOTSTRAP_SERVERS} sets
 * {@code bootstrap.servers} (lower case, underscores become dots).
 */
public final class SettingsLoader {

    static final String STREAMCAST_PREFIX = "STREAMCAST_";
    static final String KAFKA_PREFIX = "KAFKA_";

    private SettingsLoader() {
    }

    public static Map<String, Object> load(Path file, Map<String, String> environment) {
        return load(file, environment, notice -> { });
    }

    /**
     * As {@link #load(Path, Map)}, telling {@code notice} of each setting that an environment variable gives over
     * another value in the file, e.g. {@code Setting model.hidden.size: environment variable
     * STREAMCAST_MODEL_HIDDEN_SIZE overrides the value in streamcast.properties}. Why: the file's value, still there
     * to read, was ignored unseen (a variable left in a pod's spec over the ConfigMap's). Values are not named, as
     * they may be secrets.
     */
    public static Map<String, Object> load(Path file, Map<String, String> environment, Consumer<String> notice) {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            SettingsProperties properties = new SettingsProperties();
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                skipByteOrderMark(reader);
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("Cannot read the configuration file " + file + ": "
                        + FileProblems.reason(e));
            } catch (IllegalArgumentException e) {
                // a backslash starts an escape in a properties file, so a Windows path (C:, a backslash, "users")
                // reads as a malformed Unicode escape
                throw new ConfigException("Cannot read the configuration file " + file + ": " + e.getMessage()
                        + " (a backslash starts an escape in a properties file: write two, or a slash)");
            }
            if (!properties.givenTwice.isEmpty()) {
                throw new ConfigException("Cannot read the configuration file " + file + ": it gives "
                        + String.join(", ", properties.givenTwice) + " twice, with different values; keep one");
            }
            properties.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        Map<String, Object> fromEnvironment = fromEnvironment(environment);
        new TreeSet<>(environment.keySet()).stream().filter(name -> hasPrefixNotInCapitals(name, KAFKA_PREFIX))
                .forEach(name -> notice.accept("Environment variable " + name + " gives no setting, and is"
                        + " ignored: only variables named " + KAFKA_PREFIX + "*, the prefix in capitals, give Kafka's"
                        + " settings"));
        if (environment.containsKey(KAFKA_PREFIX)) {
            notice.accept("Environment variable " + KAFKA_PREFIX + " gives no setting, and is ignored: the name of a"
                    + " setting follows the prefix, as in " + KAFKA_PREFIX + "BOOTSTRAP_SERVERS");
        }
        Map<String, String> variables = variables(environment, false);
        new TreeMap<>(fromEnvironment).forEach((key, value) -> {
            if (settings.containsKey(key) && !settings.get(key).equals(value)) {
                notice.accept("Setting " + key + ": environment variable " + variables.get(key)
                        + " overrides the value in " + file);
            }
        });
        settings.putAll(fromEnvironment);
        return settings;
    }

    /**
     * Skips the byte order mark that some editors (Windows Notepad among them) begin a UTF-8 file with: read as text,
     * it began the first key, which was then refused as unknown with the very name it appeared to have.
     */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }

    /**
     * Properties that note each key a file gives twice with different values. Why: {@link Properties} keeps the last
     * without a word, so a setting added at the end of a long file, where an earlier line already gave it, took effect
     * or not depending on the order, unseen. Values are compared as they are taken, trimmed; values are not named, as
     * they may be secrets.
     */
    private static final class SettingsProperties extends Properties {

        private final Set<String> givenTwice = new TreeSet<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null && !previous.toString().trim().equals(value.toString().trim())) {
                givenTwice.add(key.toString());
            }
            return previous;
        }
    }

    static Map<String, Object> fromEnvironment(Map<String, String> environment) {
        Map<String, Object> settings = new HashMap<>();
        // trimmed as a file's values are: Kafka trims most of its settings, but not every one is read through it
        // (application.server is parsed as it is given, and a trailing space made it an unparseable address)
        variables(environment, true).forEach((key, variable) -> settings.put(key, environment.get(variable).trim()));
        return settings;
    }

    /**
     * {@code message} with the environment variable that gave each setting it names, e.g. {@code Unknown setting
     * model.hiden.size (from environment variable STREAMCAST_MODEL_HIDEN_SIZE): ...}. Someone who never wrote the key
     * looks for the variable; and Kafka's {@link ConfigException} holds the key only in its text, so it is found there.
     */
    public static String namingVariables(String message, Map<String, String> environment) {
        String named = message;
        // conflicting variables are not refused here: this names the settings of an error, maybe that very refusal
        for (Map.Entry<String, String> entry : variables(environment, false).entrySet()) {
            Matcher key = Pattern.compile("(?<![\\w.-])" + Pattern.quote(entry.getKey()) + "(?![\\w-]|\\.\\w)")
                    .matcher(named);
            if (key.find()) {
                named = named.substring(0, key.end()) + " (from environment variable " + entry.getValue() + ")"
                        + named.substring(key.end());
            }
        }
        return named;
    }

    /** The names of the environment variables that give settings, which a child process must not inherit. */
    public static Set<String> settingVariables(Map<String, String> environment) {
        return new HashSet<>(variables(environment, false).values());
    }

    /**
     * Each setting the environment gives, with the name of the variable that gives it.
     *
     * @throws ConfigException with {@code refuseConflicts}, when two variables give the same setting different values
     *                         (STREAMCAST_X and KAFKA_X): which one won would depend on a hash order
     */
    private static Map<String, String> variables(Map<String, String> environment, boolean refuseConflicts) {
        Map<String, String> variables = new HashMap<>();
        environment.forEach((name, value) -> {
            if (isKubernetesServiceLink(name, value) || isKafkaLaunchOption(name)) {
                return;
            }
            if (refuseConflicts) {
                refuseLowerCasePrefix(name);
            }
            for (String prefix : new String[] {STREAMCAST_PREFIX, KAFKA_PREFIX}) {
                if (name.startsWith(prefix) && name.length() > prefix.length()) {
                    String key = toKey(name.substring(prefix.length()));
                    String other = variables.put(key, name);
                    if (refuseConflicts && other != null && !Objects.equals(environment.get(other), value)) {
                        throw new ConfigException("Environment variables " + other + " and " + name
                                + " set " + key + " to different values; keep one");
                    }
                }
            }
        });
        return variables;
    }

    /**
     * Refuses a variable whose {@code STREAMCAST_} prefix is not in capitals ({@code streamcast_model_hidden_size}),
     * or that is the prefix alone: plainly meant as a setting, it was passed over without a word, as the names of
     * variables are case-sensitive.
     */
    private static void refuseLowerCasePrefix(String name) {
        if (hasPrefixNotInCapitals(name, STREAMCAST_PREFIX)) {
            throw new ConfigException("Environment variable " + name + " gives no setting: only variables named "
                    + STREAMCAST_PREFIX + "* or " + KAFKA_PREFIX + "*, the prefix in capitals, give settings;"
                    + " name it " + name.toUpperCase(Locale.ROOT));
        }
        if (name.equals(STREAMCAST_PREFIX)) {
            // plainly meant as a setting whose name was lost (STREAMCAST_${NAME} with NAME unset), as a lower-case
            // prefix is; a bare KAFKA_ is only said, as a kafka_ variable is
            throw new ConfigException("Environment variable " + name + " gives no setting: the name of a setting"
                    + " follows the prefix, as in " + variableFor("model.hidden.size"));
        }
    }

    /**
     * Whether {@code name} begins with {@code prefix} in other letters' case. A {@code kafka_} variable is only said,
     * not refused: an environment shared with other programs (a ConfigMap given whole to a pod's containers) may hold
     * one meant for another.
     */
    static boolean hasPrefixNotInCapitals(String name, String prefix) {
        return name.length() > prefix.length() && !name.startsWith(prefix)
                && name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * Kubernetes gives every pod variables describing the services of its namespace ({@code STREAMCAST_SERVICE_HOST},
     * {@code STREAMCAST_PORT=tcp://10.0.0.7:8080}, {@code KAFKA_PORT_9092_TCP_ADDR}, ...). They share the prefixes
     * of settings but are none, and would otherwise stop start-up as unknown settings.
     */
    static boolean isKubernetesServiceLink(String name, String value) {
        return SERVICE_LINK.matcher(name).matches()
                || (name.endsWith("_PORT") && value != null && SERVICE_ADDRESS.matcher(value).matches());
    }

    /**
     * Kafka's launch scripts read {@code KAFKA_HEAP_OPTS}, {@code KAFKA_OPTS} (often a JAAS file), {@code
     * KAFKA_JVM_PERFORMANCE_OPTS}, {@code KAFKA_GC_LOG_OPTS}, {@code KAFKA_JMX_OPTS}, {@code KAFKA_LOG4J_OPTS} and
     * {@code KAFKA_DEBUG}, which images built on Kafka's set: JVM options, no Kafka setting (none ends in
     * {@code .opts}), and they stopped start-up as unknown settings.
     */
    static boolean isKafkaLaunchOption(String name) {
        return name.startsWith(KAFKA_PREFIX) && (name.endsWith("_OPTS") || name.equals("KAFKA_DEBUG"));
    }

    private static final Pattern SERVICE_LINK = Pattern.compile(
            "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");
    private static final Pattern SERVICE_ADDRESS = Pattern.compile(
            "(tcp|udp|sctp)://.+");

    /** The environment variable that gives {@code key}, e.g. {@code STREAMCAST_SCHEMA_REGISTRY_URL}. */
    public static String variableFor(String key) {
        return STREAMCAST_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String toKey(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
