package io.streamcast.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.broker.EmbeddedKafkaBroker;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 soak on a broker of its own, which it restarts mid-stream, with instances of {@code run} in child
 * processes. CI runs a short plan; the same test runs a long one with system properties, e.g.
 * {@code mvn -B test -Dtest=SoakIT -Dsoak.kills=100 ...}, and under Kafka's streams rebalance protocol with
 * {@code -Dsoak.groupProtocol=streams}, which CI does not run: there a static member killed without a close keeps its
 * {@code group.instance.id} until its session times out (45 s by default), and even a plan of two kills took up to
 * 77 s (see the README).
 */
class SoakIT {

    private static SoakPlan plan() {
        return new SoakPlan(
                Integer.getInteger("soak.instances", 2),
                Integer.getInteger("soak.kills", 3),
                Integer.getInteger("soak.brokerRestarts", 1),
                Integer.getInteger("soak.keys", 4),
                Integer.getInteger("soak.eventsPerKey", 400),
                Double.parseDouble(System.getProperty("soak.rate", "100")),
                Boolean.getBoolean("soak.training"),
                Integer.getInteger("soak.freshStateEvery", 3),
                Long.getLong("soak.seed", 1L));
    }

    @Test
    void shouldLoseDuplicateAndChangeNothingWhenInstancesAreKilledAndTheBrokerRestarts(@TempDir Path directory)
            throws Exception {
        SoakPlan plan = plan();
        SoakReport report;
        try {
            report = soak(plan, directory.resolve("first"));
        } catch (BrokerFaultException fault) {
            // The broker, not the application, broke the run (HangingTransactions); it cannot be judged, so it runs
            // once more on a broker of its own. A second fault, or any other failure, fails the test.
            System.out.println("soak: the first run met a broker fault and runs once more on a new broker: "
                    + fault.getMessage());
            report = soak(plan, directory.resolve("second"));
        }
        System.out.println(report.line());
        // an instance the group coordinator fenced just after the broker restart (a race in Kafka's classic
        // coordinator, see BrokerRestartFencing) is no crash: a restart mends it at once, and the checks below hold
        System.out.println("soak: instances fenced after the broker restart: " + report.fencedAfterBrokerRestart());
        assertThat(report.crashed())
                .as("instances that exited by themselves (the soak printed the end of their logs above)")
                .isZero();
        assertThat(report.kills()).isEqualTo(plan.kills());
        // every second kill waits up to 30 s for a ready instance to strike: at least one kill of the plan's struck
        // one in the middle of processing (picked from all at their moments, none of the three did)
        assertThat(report.killsOfReady()).as("kills of a ready instance").isPositive();
        assertThat(report.brokerRestarts()).isEqualTo(plan.brokerRestarts());
        assertThat(report.events()).isEqualTo(plan.events()).isEqualTo(report.eventsProduced());
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.unexpected()).isZero();
        assertThat(report.predictions()).isEqualTo(plan.events());
        assertThat(report.versionRegressions()).isZero();
        assertThat(report.deadLetters()).isZero();
        if (!plan.training()) {
            assertThat(report.mismatches()).isZero();
        }
    }

    /**
     * An instance that exits by itself (here killed from outside the soak) is restarted, as an orchestrator would,
     * so that its events are finished; the run reports it as crashed, having lost and duplicated nothing. Before, the
     * soak left it dead, and with no other instance the wait for the events ran out its ten minutes.
     */
    @Test
    void shouldRestartAnInstanceThatExitedByItselfAndFinishItsEvents(@TempDir Path directory) throws Exception {
        SoakPlan plan = new SoakPlan(1, 0, 0, 2, 1000, 200, false, 1, 2L);
        CompletableFuture<SoakReport> run = CompletableFuture.supplyAsync(() -> {
            try {
                return soak(plan, directory);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        SoakReport report;
        try {
            // its only instance, once it runs, killed by something other than the soak while the events stream in
            Path log = directory.resolve("instance-0-0.log");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> run.isDone() || Files.exists(log) && Files.readString(log).contains("-> RUNNING"));
            assertThat(run).as("the soak runs").isNotDone();
            List<ProcessHandle> children = ProcessHandle.current().children().toList();
            assertThat(children).as("processes the soak started: its one instance").hasSize(1);
            children.get(0).destroyForcibly();

            report = run.get(5, TimeUnit.MINUTES);
        } finally {
            // a failure above leaves the soak running, restarting its instance: kill each instance it starts until
            // it gives up (three exits), so that no process outlives the test
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
                return run.isDone();
            });
        }

        System.out.println(report.line());
        assertThat(report.crashed()).as("instances that exited by themselves").isEqualTo(1);
        assertThat(report.fencedAfterBrokerRestart()).as("a kill from outside is no fencing").isZero();
        assertThat(report.clean()).as("a run with a crash is no clean run").isFalse();
        assertThat(report.events()).isEqualTo(plan.events()).isEqualTo(report.eventsProduced());
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.predictions()).isEqualTo(plan.events());
        assertThat(report.mismatches()).isZero();
    }

    private static SoakReport soak(SoakPlan plan, Path directory) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             TestSchemaRegistry registry = TestSchemaRegistry.start()) {
            Map<String, Object> cluster = new HashMap<>(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(),
                    StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
            // as a user's --config sets it: Kafka's group protocol for the instances (classic when not given)
            String protocol = System.getProperty("soak.groupProtocol");
            if (protocol != null) {
                cluster.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol);
            }
            return new SoakRun(cluster, plan, broker::restart, directory, System.out).run();
        }
    }
}
