package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.app.ops.OpsMeters;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.AvroSerde;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A training report read through a schema registry that refuses the instance's credentials: no retry mends that, so
 * the console's training query must not answer 503 with a Retry-After as for an outage, but say which settings to
 * check.
 */
class TrainingCredentialsRefusedTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A schema id the registry is asked for and answers 401 to: a report written by a trainer it has not seen. */
    private static final int REPORT_SCHEMA_ID = 7;

    private TestSchemaRegistry registry;
    private AvroSerdes serdes;
    private OpsMeters meters;
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        registry = TestSchemaRegistry.start();
        serdes = AvroSerdes.create(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0));
        AvroSerde<TrainingRoundReport> reports = serdes.forValues(TrainingRoundReport.class);
        // the wire format: magic byte 0, the schema id; the registry refuses the id before the body is read
        byte[] report = ByteBuffer.allocate(6).put((byte) 0).putInt(REPORT_SCHEMA_ID).put((byte) 0).array();
        meters = new OpsMeters("training-credentials-test", Duration.ofSeconds(10));
        server = StreamlessEndpoints.serve(meters,
                limit -> List.of(reports.deserialize("training-rounds", report)));
    }

    @AfterEach
    void stop() {
        server.close();
        meters.close();
        serdes.close();
        registry.close();
    }

    @Test
    void shouldSayTheCredentialsWereRefusedAndNotAskForARetry() throws Exception {
        registry.failNextMatching("GET /schemas/ids/" + REPORT_SCHEMA_ID, 1_000, 401);

        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/console/api/training")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as("the registry, which the instance asks on the client's behalf, refused it")
                .isEqualTo(502);
        assertThat(answer.headers().firstValue("Retry-After")).as("asking again does not help").isEmpty();
        assertThat(answer.body()).contains("training history").contains("refused")
                .contains("basic.auth.credentials.source").contains("basic.auth.user.info")
                .contains("bearer.auth.token").contains("HTTP 401").doesNotContain("does not answer");
    }
}
