package io.streamcast.serde;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/** Turns the Confluent authentication settings into one {@link RegistryEndpoint} per configured URL. */
final class RegistryAuthentication {

    private RegistryAuthentication() {
    }

    static List<RegistryEndpoint> endpoints(SchemaRegistryConfig config) {
        boolean credentialsFromUrl = SchemaRegistryConfig.CREDENTIALS_SOURCE_URL.equals(
                config.basicAuthCredentialsSource());
        Optional<String> basic = basicFromUserInfo(config);
        Optional<String> bearer = bearer(config);
        boolean urlHasUserInfo = config.urls().stream()
                .anyMatch(url -> URI.create(url.trim()).getRawUserInfo() != null);
        if (bearer.isPresent() && (basic.isPresent() || credentialsFromUrl && urlHasUserInfo)) {
            throw new ConfigException("Only one of basic authentication ("
                    + SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG + " or user info in "
                    + SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG + ") and bearer authentication ("
                    + SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG + ") may be configured");
        }
        Optional<String> configured = basic.isPresent() ? basic : bearer;
        return config.urls().stream()
                .map(url -> RegistryEndpoint.fromUrl(url, configured, credentialsFromUrl))
                .toList();
    }

    private static Optional<String> basicFromUserInfo(SchemaRegistryConfig config) {
        if (!SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO.equals(config.basicAuthCredentialsSource())) {
            // user info given beside another source is refused as the configuration is read
            return Optional.empty();
        }
        String userInfo = config.basicAuthUserInfo();
        if (userInfo.indexOf(':') < 0) {
            throw new ConfigException(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG + " must be user:password when "
                    + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is "
                    + SchemaRegistryConfig.CREDENTIALS_SOURCE_USER_INFO);
        }
        return Optional.of(RegistryEndpoint.basic(userInfo));
    }

    private static Optional<String> bearer(SchemaRegistryConfig config) {
        String token = config.bearerAuthToken();
        boolean staticToken = SchemaRegistryConfig.CREDENTIALS_SOURCE_STATIC_TOKEN.equals(
                config.bearerAuthCredentialsSource());
        if (staticToken && token.isBlank()) {
            throw new ConfigException(SchemaRegistryConfig.BEARER_AUTH_TOKEN_CONFIG + " is required when "
                    + SchemaRegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG + " is "
                    + SchemaRegistryConfig.CREDENTIALS_SOURCE_STATIC_TOKEN);
        }
        return token.isBlank() ? Optional.empty() : Optional.of("Bearer " + token.trim());
    }
}
