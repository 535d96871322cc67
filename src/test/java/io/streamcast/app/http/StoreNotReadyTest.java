package io.streamcast.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints over real HTTP in front of streams that have not started: their stores cannot be read, as during a
 * rebalance or a restore, which is worth retrying; the answer says so and when.
 */
class StoreNotReadyTest {

    @TempDir
    Path stateDir;

    private UnstartedInstance instance;

    @BeforeEach
    void start() {
        instance = new UnstartedInstance(stateDir);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void shouldAnswerQueriesOfAStoreThatCannotBeReadWith503AndWhenToRetry() {
        for (String path : new String[] {"/keys/pump-1", "/console/api/keys/pump-1", "/console/api/keys?prefix=p",
                "/console/api/training"}) {
            HttpResponse<String> answer = instance.get(path);

            assertThat(answer.statusCode()).as(path).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(answer.body()).as(path).startsWith("{\"error\":");
            // the wait the README documents
            assertThat(answer.headers().firstValue("Retry-After")).as(path).hasValue("2");
        }
    }

    @Test
    void shouldNotAskProbesToRetry() {
        HttpResponse<String> ready = instance.get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Retry-After")).isEmpty();
    }
}
