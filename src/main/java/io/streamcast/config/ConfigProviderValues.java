package io.streamcast.config;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.utils.Utils;

/**
 * Settings with the placeholders of Kafka's config providers ({@code ${file:/secrets/registry.properties:password}},
 * {@code ${env:REGISTRY_TOKEN}}) replaced by their values, once, as the settings are read, so that Streamcast's own
 * settings, the registry client's and the start-up checks read the secret, as Kafka's clients do. The providers are
 * those {@code config.providers} names, created by Kafka as its own configs create them (so the system property
 * {@code org.apache.kafka.automatic.config.providers} restricts them here too); their settings are left out of the
 * result, so that no client resolves a value a second time.
 *
 * <p>Once {@code config.providers} is given, a placeholder that gives no value is refused, naming the setting: Kafka
 * leaves it as it is written, and the registry was sent the text {@code ${env:REGISTRY_TOKEN}} as its token. Without
 * it, every value is taken as written, as Kafka takes it. Messages name placeholders, never values.
 */
final class ConfigProviderValues {

    private static final String PROVIDERS = AbstractConfig.CONFIG_PROVIDERS_CONFIG;

    private ConfigProviderValues() {
    }

    /** @throws ConfigException naming the setting whose placeholder gives no value */
    static Map<String, Object> resolve(Map<?, ?> settings) {
        Map<String, Object> resolved = new HashMap<>();
        Map<String, Object> providerSettings = new HashMap<>();
        Utils.castToStringObjectMap(settings).forEach((key, value) -> {
            boolean ofProviders = key.equals(PROVIDERS) || key.startsWith(PROVIDERS + ".");
            (ofProviders ? providerSettings : resolved).put(key, value);
        });
        Set<String> listed = listed(providerSettings.get(PROVIDERS));
        if (listed.isEmpty()) {
            // no providers, no placeholders: values are taken as written, as Kafka takes them, so that a password
            // that happens to hold ${a:b} still serves
            return resolved;
        }
        // created once whether a value names them or not, as Kafka's configs create them: a provider class that is
        // missing, or that the system property does not allow, stops the start either way
        new AbstractConfig(new ConfigDef(), providerSettings, false);
        resolved.replaceAll((key, value) -> value instanceof String text
                ? resolveValue(key, text, providerSettings, listed) : value);
        return resolved;
    }

    private static Set<String> listed(Object providers) {
        Set<String> names = new LinkedHashSet<>();
        if (providers != null) {
            for (Object name : (List<?>) ConfigDef.parseType(PROVIDERS, providers, ConfigDef.Type.LIST)) {
                names.add(name.toString().trim());
            }
        }
        return names;
    }

    private static String resolveValue(String key, String value, Map<String, Object> providerSettings,
                                       Set<String> listed) {
        Matcher placeholder = ConfigTransformer.DEFAULT_PATTERN.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String written = placeholder.group();
            String provider = placeholder.group(1);
            if (!listed.contains(provider)) {
                throw new ConfigException("Setting " + key + ": " + written + " names config provider " + provider
                        + ", but " + PROVIDERS + " lists only " + String.join(",", listed) + ": list it, with "
                        + PROVIDERS + "." + provider + ".class naming its class");
            }
            placeholder.appendReplacement(resolved,
                    Matcher.quoteReplacement(valueOf(key, written, provider, providerSettings)));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }

    /** One placeholder's value, resolved alone by Kafka, so that a failure names the placeholder and its setting. */
    private static String valueOf(String key, String written, String provider, Map<String, Object> providerSettings) {
        Map<String, Object> one = new HashMap<>(providerSettings);
        one.put(key, written);
        Object value;
        try {
            value = new AbstractConfig(new ConfigDef(), one, false).originals().get(key);
        } catch (ConfigException e) {
            throw new ConfigException("Setting " + key + ": cannot resolve " + written + ": " + e.getMessage());
        }
        // Kafka leaves a placeholder its provider has no value for as it is written
        if (written.equals(value)) {
            throw new ConfigException("Setting " + key + ": config provider " + provider + " has no value for "
                    + written + " (a key the file does not hold, an environment variable that is not set)");
        }
        return String.valueOf(value);
    }
}
