package io.streamcast.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The console's page, script and style, served from inside the jar; nothing is fetched from elsewhere. */
final class StaticAssets {

    private static final String ROOT = "/io/streamcast/console/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** The assets found, each read once; a name that names none is not kept, as clients may ask for any. */
    private final Map<String, Response> loaded = new ConcurrentHashMap<>();

    /**
     * A missing file's answer, which does not repeat the name asked for: the client has it already, and an echo would
     * let a client make the server answer text of its choosing (up to a request line's length), which a page or log
     * viewer that shows the reason might take for the server's own. Cut short and escaped it would still be that.
     */
    private static final Response MISSING = Response.error(404, "no such console file");

    /** The asset called {@code name}, or a 404. */
    Response get(String name) {
        if (!NAME.matcher(name).matches()) {
            return MISSING;
        }
        Response asset = loaded.get(name);
        if (asset != null) {
            return asset;
        }
        asset = load(name);
        if (asset.status() == 200) {
            loaded.putIfAbsent(name, asset);
        }
        return asset;
    }

    private static Response load(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return MISSING;
            }
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return new Response(200, type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the console's " + name, e);
        }
    }
}
