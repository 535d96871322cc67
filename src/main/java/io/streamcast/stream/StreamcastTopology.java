package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.CpuShare;
import io.streamcast.recent.RecentActivity;
import io.streamcast.schema.TrainingSample;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.serde.SchemaRegistryConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Streamcast's topology: the one way to build it, used alike by {@code run}, {@code demo} and the tests.
 *
 * <pre>
 *  events ──► predict ──► predictions, anomalies, dead-letters, training-samples
 *               │ key-state store (RocksDB, changelogged)
 *               └ reads the model in use from the {@link ModelCatalog}, fed by
 *  models ──► models global store (update processor validates every snapshot)
 *
 *  training-samples (one partition) ──► train ──► models, training-rounds
 *               │ training-set, trainer-progress, trainer-outcome stores (RocksDB, changelogged)
 *               └ trains candidates on a background thread; publishes better ones
 *  training-rounds ──► training-rounds global store (the latest round reports, for the console)
 * </pre>
 */
public final class StreamcastTopology {

    public static final String EVENTS_SOURCE = "events-source";
    public static final String PREDICT_PROCESSOR = "predict";
    public static final String KEY_STATE_STORE = "key-state";
    public static final String PREDICTIONS_SINK = "predictions-sink";
    public static final String ANOMALIES_SINK = "anomalies-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String TRAINING_SAMPLES_SINK = "training-samples-sink";
    public static final String MODELS_SOURCE = "models-source";
    public static final String MODELS_STORE = "models";
    public static final String MODELS_UPDATE_PROCESSOR = "models-update";
    public static final String TRAINING_SAMPLES_SOURCE = "training-samples-source";
    public static final String TRAIN_PROCESSOR = "train";
    public static final String TRAINING_SET_STORE = "training-set";
    public static final String TRAINER_PROGRESS_STORE = "trainer-progress";
    /** The report and winner of the trainer's round that ended and whose outcome is yet to be written. */
    public static final String TRAINER_OUTCOME_STORE = "trainer-outcome";
    public static final String MODELS_SINK = "models-sink";
    public static final String TRAINING_ROUNDS_SINK = "training-rounds-sink";
    public static final String TRAINING_ROUNDS_SOURCE = "training-rounds-source";
    public static final String TRAINING_ROUNDS_STORE = "training-rounds";
    public static final String TRAINING_HISTORY_PROCESSOR = "training-history";
    /** The stores Kafka Streams keeps a changelog topic for (the others are global, read from topics of their own). */
    public static final List<String> CHANGELOGGED_STORES = List.of(KEY_STATE_STORE, TRAINING_SET_STORE,
            TRAINER_PROGRESS_STORE, TRAINER_OUTCOME_STORE);

    /** Anomalies each instance keeps for the console's list. */
    private static final int RECENT_ANOMALIES = 100;

    private final Topology topology;
    private final ModelCatalog models;
    private final StreamcastTopics topics;
    private final KeyStateFormat keyStates;
    private final RecentActivity recent;
    private final StreamcastMetrics metrics;
    private final RegistryOutageWait registryWait;
    private final TrainerStandDown trainerStandDown;
    private final SendLimits sendLimits;

    private StreamcastTopology(Topology topology, ModelCatalog models, StreamcastTopics topics,
                               KeyStateFormat keyStates, StreamcastMetrics metrics, RecentActivity recent,
                               RegistryOutageWait registryWait, TrainerStandDown trainerStandDown,
                               SendLimits sendLimits) {
        this.sendLimits = sendLimits;
        this.trainerStandDown = trainerStandDown;
        this.recent = recent;
        this.registryWait = registryWait;
        this.topology = topology;
        this.models = models;
        this.topics = topics;
        this.keyStates = keyStates;
        this.metrics = metrics;
    }

    public static StreamcastTopology build(StreamcastConfig config, StreamcastMetrics metrics) {
        return build(config, metrics, TrainerProcessor::trainingThread);
    }

    /**
     * As {@link #build(StreamcastConfig, StreamcastMetrics)}, with the executors that run training rounds made by
     * {@code trainerExecutors} (one per trainer task), e.g. one that runs them when a test says so.
     */
    public static StreamcastTopology build(StreamcastConfig config, StreamcastMetrics metrics,
                                           Supplier<ExecutorService> trainerExecutors) {
        AvroSerdes serdes = AvroSerdes.create(config.registrySettings());
        StreamcastTopics topics = StreamcastTopics.from(config, serdes);
        ModelCatalog models = new ModelCatalog(config.getString(StreamcastConfig.MODEL_NAME_CONFIG),
                config.inputSpec(), metrics,
                java.time.Duration.ofMillis(config.getLong(StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG)),
                RecordSizeCheck.largestModelState(config));
        SchemaRegistryConfig registry = new SchemaRegistryConfig(config.registrySettings());
        RegistryOutageWait registryWait = new RegistryOutageWait(
                java.time.Duration.ofMillis(config.getLong(StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG)),
                registry.retriesWait(), registry.retriesMaxWait());
        metrics.modelsRegistryWait(registryWait);
        Topology topology = new Topology();
        RecentActivity recent = new RecentActivity(config.inputSpec().forecastIndex(0),
                config.getInt(StreamcastConfig.CONSOLE_KEYS_CONFIG),
                config.getInt(StreamcastConfig.CONSOLE_POINTS_CONFIG),
                RECENT_ANOMALIES);

        KeyStateFormat keyStates = new KeyStateFormat(config.predictorSettings());
        SecondsForMilliseconds secondsForMilliseconds = new SecondsForMilliseconds();
        StoreBuilder<KeyValueStore<byte[], byte[]>> keyState = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(KEY_STATE_STORE), Serdes.ByteArray(), Serdes.ByteArray());
        topology.addSource(EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.events().name());
        // read once here, not for each task a rebalance gives the instance (each reading builds Kafka Streams'
        // settings), and shared, so that the dead-letter topic's limit, set before the start, reaches every predictor
        SendLimits sendLimits = SendLimits.of(config.streamsProperties());
        boolean exactlyOnce = config.exactlyOnce();
        topology.addProcessor(PREDICT_PROCESSOR, new ProcessorSupplier<byte[], byte[], byte[], byte[]>() {
            @Override
            public Processor<byte[], byte[], byte[], byte[]> get() {
                return new PredictProcessor(topics, models, config.predictorSettings(), metrics, recent,
                        sendLimits, secondsForMilliseconds, exactlyOnce);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(keyState);
            }
        }, EVENTS_SOURCE);
        addSink(topology, PREDICTIONS_SINK, topics.predictions().name());
        addSink(topology, ANOMALIES_SINK, topics.anomalies().name());
        addSink(topology, DEAD_LETTERS_SINK, topics.deadLetters().name());
        addSink(topology, TRAINING_SAMPLES_SINK, topics.trainingSamples().name());

        TrainerStandDown trainerStandDown = new TrainerStandDown();
        if (config.getBoolean(StreamcastConfig.TRAINING_ENABLED_CONFIG)) {
            addTrainer(topology, config, topics, models, metrics, trainerExecutors, trainerStandDown);
        }

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                MODELS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.models().name(),
                MODELS_UPDATE_PROCESSOR, () -> new ModelUpdateProcessor(MODELS_STORE, topics.models(), models,
                        registryWait));
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TRAINING_ROUNDS_STORE), Serdes.Long(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                TRAINING_ROUNDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.trainingRounds().name(), TRAINING_HISTORY_PROCESSOR, TrainingHistoryProcessor::new);
        return new StreamcastTopology(topology, models, topics, keyStates, metrics, recent, registryWait,
                trainerStandDown, sendLimits);
    }

    /** The trainer: its own sub-topology, fed by the one-partition training-samples topic. */
    private static void addTrainer(Topology topology, StreamcastConfig config, StreamcastTopics topics,
                                   ModelCatalog models, StreamcastMetrics metrics,
                                   Supplier<ExecutorService> executors, TrainerStandDown standDown) {
        StoreBuilder<KeyValueStore<Bytes, TrainingSample>> windows =
                TrainerStores.windows(Stores.persistentKeyValueStore(TRAINING_SET_STORE));
        StoreBuilder<KeyValueStore<String, Long>> progress =
                TrainerStores.progress(Stores.persistentKeyValueStore(TRAINER_PROGRESS_STORE));
        StoreBuilder<KeyValueStore<String, byte[]>> outcome =
                TrainerStores.outcome(Stores.persistentKeyValueStore(TRAINER_OUTCOME_STORE));
        // one per instance: every trainer the instance makes (a revived or moved task) knows its rounds as its own
        InstanceLife life = InstanceLife.drawn();
        topology.addSource(TRAINING_SAMPLES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.trainingSamples().name());
        topology.addProcessor(TRAIN_PROCESSOR, new ProcessorSupplier<byte[], byte[], byte[], byte[]>() {
            @Override
            public Processor<byte[], byte[], byte[], byte[]> get() {
                return new TrainerProcessor(topics, models, config.inputSpec(), config.trainerSettings(), metrics,
                        executors, CpuShare.of(config.getDouble(StreamcastConfig.TRAINING_CPU_SHARE_CONFIG)),
                        standDown, life);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(windows, progress, outcome);
            }
        }, TRAINING_SAMPLES_SOURCE);
        topology.addSink(MODELS_SINK, topics.models().name(), new ByteArraySerializer(), new ByteArraySerializer(),
                TRAIN_PROCESSOR);
        topology.addSink(TRAINING_ROUNDS_SINK, topics.trainingRounds().name(), new ByteArraySerializer(),
                new ByteArraySerializer(), TRAIN_PROCESSOR);
    }

    private static void addSink(Topology topology, String name, String topic) {
        topology.addSink(name, topic, new ByteArraySerializer(), new ByteArraySerializer(), PREDICT_PROCESSOR);
    }

    public Topology topology() {
        return topology;
    }

    /** The model in use by the streams built from this topology. */
    public ModelCatalog models() {
        return models;
    }

    /**
     * The models' global thread's wait for a schema registry it cannot reach; whoever runs the topology ends it when
     * the instance closes, so that the close does not wait out the registry.
     */
    public RegistryOutageWait registryWait() {
        return registryWait;
    }

    public StreamcastTopics topics() {
        return topics;
    }

    /** What the instance's close asks of its trainer first, so that a round it cuts short is recorded as such. */
    public TrainerStandDown trainerStandDown() {
        return trainerStandDown;
    }

    /**
     * The limits the predictors' outputs and dead letters are fitted to; whoever runs the topology sets the dead-letter
     * topic's there before the start, and hands them to Kafka Streams' processing exception handler.
     */
    public SendLimits sendLimits() {
        return sendLimits;
    }

    /** The format of the key-state store's values, for reading the store from outside the predictor. */
    public KeyStateFormat keyStates() {
        return keyStates;
    }

    public StreamcastMetrics metrics() {
        return metrics;
    }

    /** What the predictors of these streams predicted recently, for the console. */
    public RecentActivity recent() {
        return recent;
    }
}
