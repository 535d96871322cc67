package io.streamcast.app.ops;

import io.streamcast.app.StreamcastService;
import io.streamcast.predict.ForecastModel;
import io.streamcast.stream.RegistryOutageWait;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness of one instance, for orchestrators' probes.
 *
 * <p>Live while Kafka Streams has not failed or stopped: a restart cannot help an instance that is only restoring
 * state or rebalancing. Ready only while the streams are RUNNING, that is, every assigned task is restored and
 * processing; the forecast then comes from a model, or from the persistence fallback until the first model version
 * arrives, and the report says which. Not ready either while a stream thread has not run since it started though the
 * streams read RUNNING: one that replaces a failed thread (as while the schema registry cannot be reached) waits to
 * join the group, for up to a session, and the failed thread's partitions are processed by no one meanwhile. Both say
 * when the models' global thread waits for the schema registry: no model update is read meanwhile, but the instance
 * still predicts, so it stays ready. Both say whether the instance is still starting, which the state alone does not
 * tell from a later rebalance.
 *
 * <p>Neither ready nor live while the key states' changelog is found deleted under an instance that has run: its
 * producer waits for the topic without end, so it commits nothing while Kafka Streams reads RUNNING, and a restart is
 * what mends it (its start creates the topic again; the keys' states were lost with the topic already). Found only
 * once the instance has run, so that a start, before Kafka Streams creates the topic again, is not cut short. So while
 * changelogs of the trainer's stores are found deleted, on the instance that runs the trainer's task alone: its stream
 * thread commits nothing, for any of its tasks, the others' go on.
 */
public final class HealthCheck {

    /** The fallback forecast used while no model version is available: the last observed values. */
    public static final String FALLBACK = "persistence";

    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);

    private final Supplier<KafkaStreams.State> state;
    private final Supplier<ForecastModel> model;
    private final Supplier<Throwable> failure;
    private final Supplier<Optional<RegistryOutageWait.Waiting>> registryWait;
    private final BooleanSupplier starting;
    private final Supplier<List<String>> threadsNotRunning;
    private final Supplier<Optional<String>> keyStatesLost;
    private final Supplier<Optional<String>> trainerStoresLost;

    private HealthCheck(Builder sources) {
        this.state = sources.state;
        this.model = sources.model;
        this.failure = sources.failure;
        this.registryWait = sources.registryWait;
        this.starting = sources.starting;
        this.threadsNotRunning = sources.threadsNotRunning;
        this.keyStatesLost = sources.keyStatesLost;
        this.trainerStoresLost = sources.trainerStoresLost;
    }

    /**
     * A check over the streams' state, the model in use (null for the fallback) and the error that stopped the
     * streams (null for none); by default of an instance that has started, whose models never wait for the registry,
     * whose stream threads all run whenever its streams do and whose changelogs are never found deleted.
     */
    public static Builder over(Supplier<KafkaStreams.State> state, Supplier<ForecastModel> model,
                               Supplier<Throwable> failure) {
        return new Builder(state, model, failure);
    }

    public static HealthCheck of(StreamcastService service, ChangelogLoss keyStatesLost,
                                 ChangelogLoss trainerStoresLost) {
        // every instance checks the topics; only the one running the trainer's task as it was found stops committing
        return over(service::state, service.models()::current, service::failure)
                .registryWait(service::modelsRegistryWait).starting(service::starting)
                .threadsNotRunning(service::threadsNotRunning).keyStatesLost(keyStatesLost::reason)
                .trainerStoresLost(() -> trainerStoresLost.reasonWhereStalled().filter(why -> service.runsTrainer()))
                .build();
    }

    public HealthReport liveness() {
        KafkaStreams.State now = state.get();
        String lost = keyStatesLost.get().orElse(null);
        String trainerLost = trainerStoresLost.get().orElse(null);
        return report(!DEAD.contains(now) && lost == null && trainerLost == null, now, waitingThreads(now), lost,
                trainerLost);
    }

    public HealthReport readiness() {
        KafkaStreams.State now = state.get();
        List<String> waiting = waitingThreads(now);
        String lost = keyStatesLost.get().orElse(null);
        String trainerLost = trainerStoresLost.get().orElse(null);
        return report(now == KafkaStreams.State.RUNNING && waiting.isEmpty() && lost == null && trainerLost == null,
                now, waiting, lost, trainerLost);
    }

    /** The stream threads that do not process while the streams read RUNNING; none in any other state. */
    private List<String> waitingThreads(KafkaStreams.State now) {
        return now == KafkaStreams.State.RUNNING ? threadsNotRunning.get() : List.of();
    }

    private HealthReport report(boolean up, KafkaStreams.State now, List<String> waitingThreads, String lost,
                                String trainerLost) {
        ForecastModel current = model.get();
        Throwable error = failure.get();
        return new HealthReport(up ? HealthReport.UP : HealthReport.DOWN, now.name(), starting.getAsBoolean(),
                current == null ? FALLBACK : "model",
                current == null ? null : new HealthReport.ModelInUse(current.name(), current.version()),
                error == null ? null : String.valueOf(error.getMessage()),
                registryWait.get().map(wait -> new HealthReport.RegistryWait(wait.since().toString(), wait.reading(),
                        wait.givesUpAt().toString())).orElse(null), waitingThreads, lost, trainerLost);
    }

    /** The sources of a {@link HealthCheck}; each one not given keeps the default {@link #over} names. */
    public static final class Builder {

        private final Supplier<KafkaStreams.State> state;
        private final Supplier<ForecastModel> model;
        private final Supplier<Throwable> failure;
        private Supplier<Optional<RegistryOutageWait.Waiting>> registryWait = Optional::empty;
        private BooleanSupplier starting = () -> false;
        private Supplier<List<String>> threadsNotRunning = List::of;
        private Supplier<Optional<String>> keyStatesLost = Optional::empty;
        private Supplier<Optional<String>> trainerStoresLost = Optional::empty;

        private Builder(Supplier<KafkaStreams.State> state, Supplier<ForecastModel> model,
                        Supplier<Throwable> failure) {
            this.state = state;
            this.model = model;
            this.failure = failure;
        }

        /** Since when, and for which reading, the models' global thread waits for the schema registry. */
        public Builder registryWait(Supplier<Optional<RegistryOutageWait.Waiting>> registryWait) {
            this.registryWait = registryWait;
            return this;
        }

        /** Whether the instance is still starting. */
        public Builder starting(BooleanSupplier starting) {
            this.starting = starting;
            return this;
        }

        /**
         * Each stream thread whose own state is not RUNNING, as its name and state; asked only while the streams are
         * RUNNING.
         */
        public Builder threadsNotRunning(Supplier<List<String>> threadsNotRunning) {
            this.threadsNotRunning = threadsNotRunning;
            return this;
        }

        /** Why the instance commits nothing while its key states' changelog is found deleted, once it has run. */
        public Builder keyStatesLost(Supplier<Optional<String>> keyStatesLost) {
            this.keyStatesLost = keyStatesLost;
            return this;
        }

        /**
         * The same while changelogs of the trainer's stores are found deleted and this instance runs the trainer's
         * task.
         */
        public Builder trainerStoresLost(Supplier<Optional<String>> trainerStoresLost) {
            this.trainerStoresLost = trainerStoresLost;
            return this;
        }

        public HealthCheck build() {
            return new HealthCheck(this);
        }
    }
}
