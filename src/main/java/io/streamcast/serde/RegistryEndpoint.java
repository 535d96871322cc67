package io.streamcast.serde;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One registry URL, split into the address requests go to and the {@code Authorization} header they carry. The
 * user info of a URL never leaves this class except as a Basic header: it is not part of {@link #display()}, so
 * error messages and logs do not leak passwords.
 */
record RegistryEndpoint(String baseUrl, Optional<String> authorization) {

    /** The endpoint of {@code url}, authenticated by the URL's own user info when it has some. */
    static RegistryEndpoint fromUrl(String url, Optional<String> configuredAuthorization, boolean credentialsFromUrl) {
        URI uri = URI.create(url.trim());
        String userInfo = uri.getRawUserInfo();
        Optional<String> authorization = configuredAuthorization;
        if (credentialsFromUrl && userInfo != null) {
            authorization = Optional.of(basic(URLDecoder.decode(userInfo, StandardCharsets.UTF_8)));
        }
        String withoutUserInfo = uri.getScheme() + "://" + uri.getRawAuthority().substring(
                userInfo == null ? 0 : userInfo.length() + 1) + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return new RegistryEndpoint(stripTrailingSlashes(withoutUserInfo), authorization);
    }

    static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    URI resolve(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    String display() {
        return baseUrl;
    }

    private static String stripTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
