package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's files, and over real HTTP from a server in a JVM of its own whose memory the test bounds. */
class StaticAssetsTest {

    /**
     * A 404 for a file does not repeat the name asked for: a client could make the server answer text of its
     * choosing, of any length. Both a name no file can have and one of a file's form that none has.
     */
    @Test
    void shouldAnswerAMissingFileWithoutEchoingItsName() {
        StaticAssets assets = new StaticAssets();
        for (String name : List.of("<script>alert(1)</script>" + LONG_NAME, "log-in-at-evil-example.js")) {
            Response missing = assets.get(name);

            assertThat(missing.status()).as(name).isEqualTo(404);
            assertThat(new String(missing.body(), StandardCharsets.UTF_8)).as(name)
                    .isEqualTo("{\"error\":\"no such console file\"}");
        }
    }

    /** A name of a console file as long as a request line takes, 100 kB, that no file has. */
    private static final String LONG_NAME = "a".repeat(100_000);
    /** Missing files asked for: as many of those names as fill more than twice the server's 64 MB heap. */
    private static final int MISSES = 800;

    /**
     * Asking for files the console does not have (a scanner, or a client on purpose, asking for ever new names) costs
     * the server nothing it keeps: a 404 it kept for each name would fill its memory, and then every answer fails.
     */
    @Test
    void shouldKeepNothingOfFilesAskedForThatDoNotExist() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (StreamlessServerProcess server = StreamlessServerProcess.start("64m")) {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < MISSES; i++) {
                HttpResponse<Void> missing = client.send(HttpRequest.newBuilder(
                                URI.create(base + "/console/" + LONG_NAME + "-" + i + ".js"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(missing.statusCode()).as("missing file %d", i).isEqualTo(404);
            }
            HttpResponse<String> script = client.send(HttpRequest.newBuilder(URI.create(base + "/console/app.js"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        }
    }
}
