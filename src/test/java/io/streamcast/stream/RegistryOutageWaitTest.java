package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamcast.serde.SchemaMismatchException;
import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.serde.SchemaRegistryException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryOutageWaitTest {

    private static final String WHAT = "the model record under key default@3";

    private final AtomicInteger reads = new AtomicInteger();

    private static SchemaRegistryUnavailableException registryAway() {
        return new SchemaRegistryUnavailableException("Cannot decode ModelSnapshot: writer schema id 5 is not"
                + " available: Fetching schema id 5 failed at http://registry:8081: HTTP 503",
                new SchemaRegistryException("Fetching schema id 5 failed at http://registry:8081: HTTP 503", 503, 503));
    }

    @Test
    void shouldReadAgainUntilTheRegistryAnswers() {
        RegistryOutageWait wait = new RegistryOutageWait(Duration.ofSeconds(30), Duration.ofMillis(1),
                Duration.ofMillis(1));

        Optional<String> read = wait.read(() -> {
            if (reads.incrementAndGet() <= 2) {
                throw registryAway();
            }
            return "snapshot";
        }, WHAT);

        assertThat(read).contains("snapshot");
        assertThat(reads).as("two failed reads, then the one the registry answered").hasValue(3);
    }

    @Test
    void shouldGiveUpNamingTheSettingAndTheRegistryOnceTheWaitIsOver() {
        RegistryOutageWait wait = new RegistryOutageWait(Duration.ofMillis(300), Duration.ofMillis(1),
                Duration.ofMillis(1));

        assertThatThrownBy(() -> wait.read(() -> {
            reads.incrementAndGet();
            throw registryAway();
        }, WHAT))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageStartingWith("Gave up reading " + WHAT + " after ")
                .hasMessageContaining("in 300 ms (model.registry.wait.ms)")
                .hasMessageContaining("http://registry:8081: HTTP 503")
                .cause().isInstanceOf(SchemaRegistryException.class);
        assertThat(reads.get()).as("read again meanwhile").isGreaterThan(1);
    }

    @Test
    void shouldNotWaitForAnythingButTheRegistry() {
        RegistryOutageWait wait = new RegistryOutageWait(Duration.ofSeconds(30), Duration.ofMillis(1),
                Duration.ofMillis(1));

        assertThatThrownBy(() -> wait.read(() -> {
            reads.incrementAndGet();
            throw new SchemaMismatchException("writer schema id 5 is not registered");
        }, WHAT)).isInstanceOf(SchemaMismatchException.class);
        assertThat(reads).as("a record at fault is not read again").hasValue(1);
    }

    /** No wait mends credentials the registry refused: the read fails at once. */
    @Test
    void shouldNotWaitForARegistryThatRefusedTheCredentials() {
        RegistryOutageWait wait = new RegistryOutageWait(Duration.ofSeconds(30), Duration.ofMillis(1),
                Duration.ofMillis(1));
        SchemaRegistryException refused = new SchemaRegistryException("Fetching schema id 5 failed at"
                + " http://registry:8081: HTTP 401 (check basic.auth.credentials.source and basic.auth.user.info, or"
                + " bearer.auth.token)", 401, 401);

        assertThatThrownBy(() -> wait.read(() -> {
            reads.incrementAndGet();
            throw SchemaRegistryUnavailableException.of("Cannot decode ModelSnapshot: " + refused.getMessage(),
                    refused);
        }, WHAT)).isInstanceOf(SchemaRegistryCredentialsRefusedException.class)
                .hasMessageContaining("basic.auth.user.info");
        assertThat(reads).hasValue(1);
    }

    @Test
    void shouldEndAWaitUnderWayAtOnceWhenTheInstanceCloses() {
        RegistryOutageWait wait = new RegistryOutageWait(Duration.ofMinutes(5), Duration.ofMinutes(1),
                Duration.ofMinutes(1));
        CountDownLatch failedOnce = new CountDownLatch(1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                if (failedOnce.await(10, TimeUnit.SECONDS)) {
                    wait.end();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // the pause after the first failed read is at least half a minute; the close ends it
        Optional<String> read = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> wait.read(() -> {
            reads.incrementAndGet();
            failedOnce.countDown();
            throw registryAway();
        }, WHAT));

        closing.join();
        assertThat(read).as("nothing was read").isEmpty();
        assertThat(reads).hasValue(1);
        assertThat(wait.read(() -> reads.incrementAndGet() > 0 ? "snapshot" : null, WHAT))
                .as("nor is anything read once the instance closes").isEmpty();
        assertThat(reads).hasValue(1);
    }
}
