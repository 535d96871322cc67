package io.streamcast.testing.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The test registry answers raw HTTP as Confluent Schema Registry documents it: the bodies, status codes and
 * {@code error_code} values a client sees, independently of our client.
 */
class TestSchemaRegistryTest {

    private static final String SCHEMA_V1 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"}]}";
    private static final String SCHEMA_V2 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    private static final String SCHEMA_BREAKING = "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"c\",\"type\":\"long\"}]}";

    private final TestSchemaRegistry registry = TestSchemaRegistry.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldRegisterAndServeVersionsAsConfluentDoes() throws Exception {
        Answer first = send("POST", "/subjects/r-value/versions", body(SCHEMA_V1));
        Answer again = send("POST", "/subjects/r-value/versions", body(SCHEMA_V1));
        Answer second = send("POST", "/subjects/r-value/versions", body(SCHEMA_V2));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("id").asInt()).isEqualTo(1);
        assertThat(again.json().get("id").asInt()).isEqualTo(1);
        assertThat(second.json().get("id").asInt()).isEqualTo(2);
        Answer latest = send("GET", "/subjects/r-value/versions/latest", null);
        assertThat(latest.json().get("subject").asText()).isEqualTo("r-value");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("id").asInt()).isEqualTo(2);
        assertThat(json.readTree(latest.json().get("schema").asText())).isEqualTo(json.readTree(SCHEMA_V2));
        assertThat(send("GET", "/subjects/r-value/versions", null).json().toString()).isEqualTo("[1,2]");
        assertThat(send("GET", "/subjects", null).json().toString()).isEqualTo("[\"r-value\"]");
        assertThat(send("GET", "/schemas/ids/1", null).json().get("schema").asText())
                .isEqualTo(json.readTree(SCHEMA_V1).toString());
        Answer lookup = send("POST", "/subjects/r-value", body(SCHEMA_V1));
        assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswerErrorsWithConfluentsCodes() throws Exception {
        send("POST", "/subjects/r-value/versions", body(SCHEMA_V1));

        assertError(send("GET", "/subjects/missing/versions/latest", null), 404, 40401);
        assertError(send("GET", "/subjects/r-value/versions/9", null), 404, 40402);
        assertError(send("GET", "/schemas/ids/99", null), 404, 40403);
        assertError(send("POST", "/subjects/r-value", body(SCHEMA_V2)), 404, 40403);
        assertError(send("POST", "/subjects/r-value/versions", body(SCHEMA_BREAKING)), 409, 409);
        assertError(send("POST", "/subjects/r-value/versions", body("{\"type\":\"nonsense\"}")), 422, 42201);
        assertError(send("GET", "/subjects/r-value/versions/first", null), 422, 42202);
        assertError(send("PUT", "/config/r-value", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
    }

    @Test
    void shouldCheckCompatibilityAndChangeLevels() throws Exception {
        send("POST", "/subjects/r-value/versions", body(SCHEMA_V1));

        Answer breaking = send("POST", "/compatibility/subjects/r-value/versions/latest?verbose=true",
                body(SCHEMA_BREAKING));
        assertThat(breaking.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(breaking.json().get("messages")).isNotEmpty();
        Answer terse = send("POST", "/compatibility/subjects/r-value/versions/1", body(SCHEMA_V2));
        assertThat(terse.json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(send("GET", "/config", null).json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(send("PUT", "/config/r-value", "{\"compatibility\":\"NONE\"}").json().get("compatibility")
                .asText()).isEqualTo("NONE");
        assertThat(send("POST", "/subjects/r-value/versions", body(SCHEMA_BREAKING)).status()).isEqualTo(200);
    }

    @Test
    void shouldAskForCredentialsWhenConfiguredTo() throws Exception {
        try (TestSchemaRegistry secured = TestSchemaRegistry.builder().basicAuth("u", "p").start()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(secured.url() + "/subjects"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(json.readTree(response.body()).get("error_code").asInt()).isEqualTo(401);
        }
    }

    private void assertError(Answer answer, int status, int errorCode) {
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(status);
        assertThat(answer.json().get("error_code").asInt()).isEqualTo(errorCode);
        assertThat(answer.json().get("message").asText()).isNotBlank();
    }

    private String body(String schema) {
        return json.createObjectNode().put("schema", schema).toString();
    }

    private Answer send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.schemaregistry.v1+json");
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private record Answer(int status, JsonNode json) {
    }
}
