package io.streamcast.config;

import com.sun.management.OperatingSystemMXBean;
import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.predict.EventTimePolicy;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.ValueTransform;
import io.streamcast.serde.MockSchemaRegistry;
import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.stream.BoundedRocksDbMemory;
import io.streamcast.stream.DeadLetterProcessingHandler;
import io.streamcast.stream.ModelKeys;
import io.streamcast.stream.RecordSizeCheck;
import io.streamcast.training.ModelChoices;
import io.streamcast.training.TrainerSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.WallclockTimestampExtractor;

/**
 * Streamcast's own settings, defined once with types, defaults, validators and documentation. Every other
 * setting given to the application is passed to Kafka Streams and its clients unchanged, but for the placeholders of
 * config providers, which every setting has resolved as it is read ({@link ConfigProviderValues}).
 */
public final class StreamcastConfig extends AbstractConfig {

    public static final String EVENTS_TOPIC_CONFIG = "events.topic";
    private static final String EVENTS_TOPIC_DOC = "Input topic: entity id keys, Avro Event values.";
    public static final String PREDICTIONS_TOPIC_CONFIG = "predictions.topic";
    private static final String PREDICTIONS_TOPIC_DOC = "Output topic: one Avro Prediction per accepted event.";
    public static final String ANOMALIES_TOPIC_CONFIG = "anomalies.topic";
    private static final String ANOMALIES_TOPIC_DOC = "Output topic: the predictions flagged as anomalies.";
    public static final String DEAD_LETTERS_TOPIC_CONFIG = "dead.letters.topic";
    private static final String DEAD_LETTERS_TOPIC_DOC = "Refused input records, unchanged, with the reason,"
            + " source topic, partition and offset in headers.";
    public static final String MODELS_TOPIC_CONFIG = "models.topic";
    private static final String MODELS_TOPIC_DOC = "Compacted topic of Avro ModelSnapshots, each version"
            + " under a key of its own, name@version, and a copy under the bare model name, which earlier releases"
            + " read (a record keyed by the bare name is read too).";
    public static final String TRAINING_SAMPLES_TOPIC_CONFIG = "training.samples.topic";
    private static final String TRAINING_SAMPLES_TOPIC_DOC = "Topic of training windows sent by the predictor to"
            + " the trainer; must have one partition, so that exactly one instance trains.";

    public static final String TRAINING_ROUNDS_TOPIC_CONFIG = "training.rounds.topic";
    private static final String TRAINING_ROUNDS_TOPIC_DOC = "Topic of the trainer's round reports (Avro"
            + " TrainingRoundReport), one per training round whatever its verdict; every instance reads it, so that"
            + " each one's console shows the training history; must have one partition, in whose order they are read.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Schema Registry URL(s), comma-separated, each once, or"
            + " mock://scope for an in-memory registry shared within the JVM (tests and demo; run, produce-demo and"
            + " soak refuse it, as their records cross processes). The registry client also takes"
            + " basic.auth.credentials.source, basic.auth.user.info (or schema.registry.basic.auth.user.info, as"
            + " earlier clients named it),"
            + " bearer.auth.credentials.source, bearer.auth.token,"
            + " schema.registry.ssl.truststore.location, schema.registry.ssl.truststore.password,"
            + " schema.registry.ssl.truststore.type, schema.registry.ssl.keystore.location,"
            + " schema.registry.ssl.keystore.password, schema.registry.ssl.keystore.type,"
            + " schema.registry.ssl.key.password (the stores JKS, PKCS12 or PEM: under type PEM, as Kafka's clients"
            + " read them, a file of CA certificates, and one of a PKCS#8 private key, encrypted under the key"
            + " password or not, and its certificate chain; no store password), http.connect.timeout.ms,"
            + " http.read.timeout.ms, max.retries, retries.wait.ms, retries.max.wait.ms, missing.id.cache.ttl.sec"
            + " (60: how long, in seconds, the"
            + " registry's answer that it does not know a schema id is remembered, its records dead-lettered without"
            + " asking again; 0 asks for each), auto.register.schemas, use.latest.version,"
            + " latest.compatibility.strict, key.subject.name.strategy and value.subject.name.strategy; any other"
            + " schema.registry.* setting is refused as unknown, and so is an empty token, an empty store type or"
            + " password beside its store (but for a store, or key, made with the empty password), and user info"
            + " that basic.auth.credentials.source=URL, the default, would ignore.";

    /** The registry client's own setting, defined here too so that start-up checks it and the table documents it. */
    public static final String SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG = SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG;
    private static final String SCHEMA_REGISTRY_CALL_TIMEOUT_MS_DOC = SchemaRegistryConfig.CALL_TIMEOUT_MS_DOC
            + " Start-up refuses one above half max.poll.interval.ms and, under exactly-once, above half the"
            + " producer's transaction.timeout.ms (Kafka Streams' default is 10 s). A call that runs out fails the"
            + " stream thread rather than dead-letter the record: the thread is replaced and reads it again, and after"
            + " 5 replacements within 10 minutes the instance stops.";

    public static final String HTTP_BIND_ADDRESS_CONFIG = "http.bind.address";
    private static final String HTTP_BIND_ADDRESS_DOC = "Address the HTTP endpoints (metrics, health, queries)"
            + " listen on; 0.0.0.0 listens on every interface. Another must be one of this machine's, as start-up"
            + " checks.";
    public static final String HTTP_PORT_CONFIG = "http.port";
    private static final String HTTP_PORT_DOC = "Port of the HTTP endpoints; 0 takes a free port. Other instances"
            + " reach this one at its application.server address, so that must name this port as they see it.";
    public static final String CLOSE_TIMEOUT_MS_CONFIG = "close.timeout.ms";
    public static final int CLOSE_TIMEOUT_MS_DEFAULT = 30_000;
    private static final String CLOSE_TIMEOUT_MS_DOC = "How long a close (on SIGTERM, say) waits for Kafka Streams to"
            + " commit, close its clients and stop, a start it cuts short included. Keep it within the grace period"
            + " between an orchestrator's SIGTERM and its SIGKILL (30 s by default in Kubernetes; deploy/ allows 60 s),"
            + " less the HTTP endpoints' close, and above what a record may hold a stream thread for (the models'"
            + " catch-up, model.catch.up.ms, and a schema registry call): a close cut short aborts the open"
            + " transaction, and the key states are restored from their changelogs at the next start.";
    public static final String HTTP_QUERY_TIMEOUT_MS_CONFIG = "http.query.timeout.ms";
    private static final String HTTP_QUERY_TIMEOUT_MS_DOC = "How long a key query forwarded to the instance that"
            + " owns the key may take before it is answered with 504.";
    public static final String CONSOLE_KEYS_CONFIG = "console.keys";
    private static final String CONSOLE_KEYS_DOC = "Keys whose latest predictions each instance keeps in memory for"
            + " the web console's key charts; when more keys are active, the least recently active ones make room.";
    public static final String CONSOLE_POINTS_CONFIG = "console.points";
    private static final String CONSOLE_POINTS_DOC = "Latest predictions kept per key for the web console's key"
            + " charts.";
    public static final String METRICS_KAFKA_REFRESH_MS_CONFIG = "metrics.kafka.refresh.interval.ms";
    private static final String METRICS_KAFKA_REFRESH_MS_DOC = "How often Kafka Streams' and its clients' metrics"
            + " are looked up for new ones (a newly assigned partition's consumer lag, a new task's metrics).";
    public static final String MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG = "max.message.bytes.refresh.interval.ms";
    private static final String MAX_MESSAGE_BYTES_REFRESH_MS_DOC = "How often a running instance of run reads"
            + " again the max.message.bytes of the key states' changelog, which bounds the recurrent state of the"
            + " models it takes, and of the dead-letter topic and the predictions, anomalies and training-samples"
            + " topics, which it fits dead letters and outputs to: a limit lowered while it runs would otherwise"
            + " refuse a record fitted to the old one, and stop the instance until its restart.";

    public static final String VALUE_DIMENSION_CONFIG = "value.dimension";
    private static final String VALUE_DIMENSION_DOC = "Number of values in every event; events with another"
            + " number are refused.";
    public static final String FORECAST_INDICES_CONFIG = "forecast.indices";
    private static final String FORECAST_INDICES_DOC = "Indices of the event values to forecast; empty forecasts"
            + " all of them.";
    public static final String FORECAST_HORIZON_CONFIG = "forecast.horizon";
    private static final String FORECAST_HORIZON_DOC = "Number of future events forecast per event. At most"
            + " history.length, and with training on below history.length - training.burn.in, as start-up checks:"
            + " persistence's errors are recorded, and the model's forecasts trained, only at steps the history"
            + " reaches.";
    public static final String CALENDAR_FEATURES_CONFIG = "calendar.features";
    private static final String CALENDAR_FEATURES_DOC = "Calendar inputs derived from the event time (UTC) that"
            + " models read: AUTO lets the trainer choose among none, TIME_OF_DAY, and TIME_OF_DAY with DAY_OF_WEEK"
            + " by which forecasts best on held-out windows (each choice is recorded in the model snapshot); a list"
            + " of TIME_OF_DAY and DAY_OF_WEEK, or an empty list for none, fixes the choice for the models trained"
            + " from then on (a model in use reads its own until a newer one replaces it).";
    /**
     * The value of {@link #CALENDAR_FEATURES_CONFIG} and {@link #VALUE_TRANSFORM_CONFIG} that lets the trainer choose.
     */
    public static final String AUTO = "AUTO";
    public static final String VALUE_TRANSFORM_CONFIG = "value.transform";
    private static final String VALUE_TRANSFORM_DOC = "Transform of every value before models read it: NONE, or"
            + " SIGNED_LOG (sign(x) * ln(1 + |x|)), which suits heavy-tailed values such as counts and volumes;"
            + " forecasts are transformed back. AUTO lets the trainer choose by which forecasts best on held-out"
            + " windows, and records the choice in the model snapshot.";
    public static final String FORECAST_INTERVAL_COVERAGE_CONFIG = "forecast.interval.coverage";
    private static final String FORECAST_INTERVAL_COVERAGE_DOC = "Nominal coverage of the prediction interval"
            + " around every forecast: each key's intervals are calibrated online so that this share of its events"
            + " falls inside them.";
    public static final String FORECAST_WEEKLY_RHYTHM_CONFIG = "forecast.weekly.rhythm";
    private static final String FORECAST_WEEKLY_RHYTHM_DOC = "Whether each key also keeps a profile of its values by"
            + " half hour of the (UTC) week, from which its forecasts come where that has lately forecast the key"
            + " clearly better than its model, persistence and its daily rhythm, and against which the detector judges"
            + " a key its week describes clearly better than its day (a weekday that looks like a Sunday stands out"
            + " there; with anomaly.daily.profile on, as the two are compared). It costs up to 1.7 KB of state per"
            + " forecast value (336 count bytes and a 4-byte mean per half hour the key has sent in), written on every"
            + " event; turn it off for keys without a weekly rhythm, or where throughput matters more.";
    public static final String SCALER_DECAY_CONFIG = "scaler.decay";
    private static final String SCALER_DECAY_DOC = "Smallest weight of a new event in a key's running mean and"
            + " variance; the first 1/decay events weigh equally (at most 0.5: at 1 each event would weigh alone, and"
            + " the variance would stay 0). A model's inputs were scaled with the decay it was"
            + " trained under: a change refuses every model published before it, and keys go on without a model"
            + " until the trainer publishes one.";
    public static final String MODEL_NAME_CONFIG = "model.name";
    private static final String MODEL_NAME_DOC = "Name of the model this application uses and trains; its"
            + " versions' keys in the models topic start with it.";
    public static final String MODEL_HIDDEN_SIZE_CONFIG = "model.hidden.size";
    private static final String MODEL_HIDDEN_SIZE_DOC = "Hidden units per LSTM layer of newly trained models.";
    public static final String MODEL_LAYERS_CONFIG = "model.layers";
    private static final String MODEL_LAYERS_DOC = "Stacked LSTM layers of newly trained models.";

    public static final String HISTORY_LENGTH_CONFIG = "history.length";
    private static final String HISTORY_LENGTH_DOC = "Recent events kept per key, replayed into a new model"
            + " version and sent as training windows.";
    public static final String WARMUP_EVENTS_CONFIG = "warmup.events";
    private static final String WARMUP_EVENTS_DOC = "Events a key needs before its predictions stop being marked"
            + " warming_up.";
    public static final String ANOMALY_THRESHOLD_CONFIG = "anomaly.threshold";
    private static final String ANOMALY_THRESHOLD_DOC = "Score from which an event is an anomaly. An event's score"
            + " is 1 - 1/R, where R is the largest ratio of one of its statistics (position outside the key's range,"
            + " drift or volatility of its recent forecast errors, deviation from its daily or weekly profile and,"
            + " with anomaly.surprise, the share of surprises among its recent errors) to that statistic's record for"
            + " the key; 0 when it breaks none. That statistic is the prediction's anomaly_cause: range, drift,"
            + " volatility, daily, weekly or surprise, none at 0. The default is the threshold chosen by"
            + " cross-validation on NAB (eval nab --cv).";
    public static final String ANOMALY_LEARNING_PERIOD_CONFIG = "anomaly.learning.period";
    private static final String ANOMALY_LEARNING_PERIOD_DOC = "Events a key needs before its events are scored.";
    public static final String ANOMALY_RELEARNING_PERIOD_CONFIG = "anomaly.relearning.period";
    private static final String ANOMALY_RELEARNING_PERIOD_DOC = "Forecast errors a key's error statistics learn from"
            + " after a new model version comes into use (the previous model's errors and records are forgotten),"
            + " once the key has been judged, before they score again. Longer than the learning period of a new key"
            + " because a new version's records, young, are easily broken by its ordinary errors; the default was"
            + " chosen by cross-validation on NAB. A version that refines the key's model within twice this many of"
            + " the key's events carries its errors and records over instead, rescaled by the two versions' judged"
            + " errors.";
    public static final String ANOMALY_WINDOW_CONFIG = "anomaly.window";
    private static final String ANOMALY_WINDOW_DOC = "Recent forecast errors of a key whose mean (drift) and mean"
            + " magnitude (volatility) are compared with the key's records.";
    public static final String ANOMALY_BUCKET_CONFIG = "anomaly.bucket";
    private static final String ANOMALY_BUCKET_DOC = "Forecast errors per record bucket: a statistic's record is"
            + " the largest value it reached for the key in the current and the previous bucket. At least"
            + " anomaly.window.";
    public static final String ANOMALY_REFRACTORY_EVENTS_CONFIG = "anomaly.refractory.events";
    private static final String ANOMALY_REFRACTORY_EVENTS_DOC = "Events after an anomaly during which the key raises"
            + " no new one, unless the new one escalates it (anomaly.refractory.escalation).";
    public static final String ANOMALY_REFRACTORY_ESCALATION_CONFIG = "anomaly.refractory.escalation";
    private static final String ANOMALY_REFRACTORY_ESCALATION_DOC = "How many times further past its record an event"
            + " in a key's refractory period must be than the anomaly that started it, to raise an anomaly of its own"
            + " and start a new period (a score s stands for a statistic R times its record, s = 1 - 1/R): so that a"
            + " weak alarm does not hide a far stronger anomaly after it. 0 turns this off.";
    public static final String ANOMALY_DAILY_PROFILE_CONFIG = "anomaly.daily.profile";
    private static final String ANOMALY_DAILY_PROFILE_DOC = "Whether each key also keeps a profile of its values by"
            + " hour of the (UTC) day and is judged on how far its recent values stray from it (about 180 bytes of"
            + " state per scored value). It catches a day that breaks the key's daily rhythm where each step is easy"
            + " to forecast from the one before; on by default because it raised the cross-validated NAB score. The"
            + " profile also drives the key's daily-rhythm forecaster, from which the key's forecasts come where it has"
            + " lately been clearly more accurate than the model, and the weekly deviation, which judges a key its week"
            + " describes clearly better than its day. Off, a key has neither the daily-rhythm forecaster nor the daily"
            + " and weekly deviations; its forecasts still come from the model, persistence, yesterday and (with"
            + " forecast.weekly.rhythm) the weekly rhythm.";
    public static final String ANOMALY_DRIFT_CONFIRMATION_CONFIG = "anomaly.drift.confirmation";
    private static final String ANOMALY_DRIFT_CONFIRMATION_DOC = "Whether the drift of a key's forecast errors (its"
            + " forecaster off in one direction lately) counts only as far as the drift of the key's own changes from"
            + " event to event breaks its record too: a shift the value itself made, not a bias of the model (about 60"
            + " bytes of state per scored value). On by default because it raised the cross-validated NAB score.";
    public static final String ANOMALY_VOLATILITY_CONFIRMATION_CONFIG = "anomaly.volatility.confirmation";
    private static final String ANOMALY_VOLATILITY_CONFIRMATION_DOC = "Whether the volatility of a key's forecast"
            + " errors (how badly its forecaster has done lately) counts only as far as it also lies in the far tail of"
            + " a normal distribution fitted to the key's long run of it, 4.48 standard deviations above its mean"
            + " counting as its record, as Numenta's anomaly likelihood judges HTM's errors: a record that only the"
            + " key's ordinary ups and downs have set is broken by the next ordinary one. On by default: on NAB, one"
            + " stream per category as deployments run their keys, it raised the cross-validated score, chosen inside"
            + " each fold, from 69.52 to 70.99 on average over five training seeds; one stream per file it cut false"
            + " alarms and scored about the same (see docs/evaluation.md). The long run is kept either way (9 bytes of"
            + " state per scored value), so turning it on or off takes effect at once.";
    public static final String ANOMALY_RHYTHM_CONFIRMATION_CONFIG = "anomaly.rhythm.confirmation";
    private static final String ANOMALY_RHYTHM_CONFIRMATION_DOC = "Whether a key's daily and weekly deviations (how"
            + " far it has strayed lately from what its value usually is at that hour of the day, or half hour of the"
            + " week) count only as far as they also lie in the far tail of a normal distribution fitted to their long"
            + " run, as the volatility does under anomaly.volatility.confirmation: a record that only the key's"
            + " ordinary days have set is broken by the next ordinary one. Off by default: on NAB, one stream per"
            + " file, it scored 73.87 against 73.71 on average over ten training seeds, short of the +0.3 set before"
            + " those runs, with fewer false alarms (low-FP profile 67.61 against 66.78); one stream per category,"
            + " chosen inside each fold, 72.26 against 72.37 over five seeds; see docs/evaluation.md. The"
            + " long runs are kept either way (18 bytes of state per scored value with the daily profile), so turning"
            + " it on or off takes effect at once.";
    public static final String ANOMALY_SURPRISE_CONFIG = "anomaly.surprise";
    private static final String ANOMALY_SURPRISE_DOC = "Whether a key is also judged on its share of surprises: how"
            + " many of its recent forecast errors (anomaly.window) were more than three times its mean error, however"
            + " large each was, against the key's record of that share, and counted only as far as a normal"
            + " distribution fitted to its long run confirms it, as Numenta's HTM judges its bounded prediction errors."
            + " One huge error holds the volatility's record for two buckets; a later stretch of errors that are only"
            + " large (a new oscillation below an earlier swing) still breaks this one. On by default: on NAB, one"
            + " stream per file, it raised the cross-validated score from 73.71 to 74.43 on average over ten training"
            + " seeds, and on anomalies injected into the departures of 24 flight origins never looked at before from"
            + " 41.86 to 49.44 over three (see docs/evaluation.md). It lowers the model's share: the same detector on"
            + " persistence's forecasts gains from it too."
            + " Its record and long run are kept either way (17 bytes of state per scored value), so turning it on or"
            + " off takes effect at once.";
    public static final String LATE_EVENT_POLICY_CONFIG = "late.event.policy";
    private static final String LATE_EVENT_POLICY_DOC = "What happens to an event earlier than the latest event"
            + " time its key has seen: APPLY applies it in arrival order when it is at most late.event.grace.ms"
            + " late and refuses it as out-of-order otherwise; REFUSE refuses every late event. The key keeps the"
            + " largest event time it has seen. APPLY is the default because real clocks step back (a clock"
            + " stamping local time goes back an hour when daylight-saving time ends, an NTP correction steps a"
            + " clock back): under REFUSE the key would refuse everything until its clock caught up again.";
    public static final String LATE_EVENT_GRACE_MS_CONFIG = "late.event.grace.ms";
    private static final String LATE_EVENT_GRACE_MS_DOC = "How late an event may be and still be applied under"
            + " late.event.policy=APPLY. One hour covers a daylight-saving step back and any NTP correction; an"
            + " event later than that is more likely a replayed or misrouted record than a clock step.";
    public static final String FUTURE_EVENT_LIMIT_MS_CONFIG = "future.event.limit.ms";
    private static final String FUTURE_EVENT_LIMIT_MS_DOC = "How far an event time may be ahead of the wall clock; an"
            + " event further ahead (a wrong clock, a time in microseconds) is refused as far-future, because once it"
            + " were the key's latest time it would make the key's genuine events late. The default, one hour, equals"
            + " the default grace: an event accepted ahead of the clock makes the key's later events at most an hour"
            + " late (plus their delivery delay), so the grace still applies them. Under late.event.policy=APPLY a"
            + " limit left unset follows a lower grace down, and start-up refuses one set above late.event.grace.ms,"
            + " with which one record could have its key refuse its genuine events.";
    public static final String TRAINING_SAMPLE_EVERY_CONFIG = "training.sample.every";
    private static final String TRAINING_SAMPLE_EVERY_DOC = "A key sends a training window every this many"
            + " events (0 sends none, which only a service that does not train may choose).";

    public static final String TRAINING_SAMPLE_ANOMALIES_CONFIG = "training.sample.anomalies";
    private static final String TRAINING_SAMPLE_ANOMALIES_DOC = "Whether a key sends training windows that hold"
            + " one of its anomalies. Off (the default), a window holding an event the key raised as an anomaly is"
            + " not sent, so the model learns what its keys usually do rather than their faults, and a fault it"
            + " has seen on one key does not look ordinary on the next (forecasting detectors train on normal"
            + " behaviour).";

    public static final String TRAINING_ENABLED_CONFIG = "training.enabled";
    private static final String TRAINING_ENABLED_DOC = "Whether this application trains new model versions (it"
            + " still takes versions published by others).";
    public static final String TRAINING_INTERVAL_MS_CONFIG = "training.interval.ms";
    private static final String TRAINING_INTERVAL_MS_DOC = "Least wall-clock time between the starts of two"
            + " training rounds.";
    public static final String TRAINING_MIN_NEW_SAMPLES_CONFIG = "training.min.new.samples";
    private static final String TRAINING_MIN_NEW_SAMPLES_DOC = "Training windows that must arrive after a round"
            + " before the next one starts.";
    public static final String TRAINING_MIN_SAMPLES_CONFIG = "training.min.samples";
    private static final String TRAINING_MIN_SAMPLES_DOC = "Windows the training set needs before the first round.";
    public static final String TRAINING_SET_CAPACITY_CONFIG = "training.set.capacity";
    private static final String TRAINING_SET_CAPACITY_DOC = "Most windows kept for training; the oldest of the"
            + " key with the most windows go first.";
    public static final String TRAINING_SET_PER_KEY_CAPACITY_CONFIG = "training.set.per.key.capacity";
    private static final String TRAINING_SET_PER_KEY_CAPACITY_DOC = "Most windows kept from any one key.";
    public static final String TRAINING_VALIDATION_FRACTION_CONFIG = "training.validation.fraction";
    private static final String TRAINING_VALIDATION_FRACTION_DOC = "Share of the most recent windows held out to"
            + " compare candidates with the model in use; as much again before them decides when a candidate's"
            + " training stops. At most 0.45, so that a tenth is left to train on: a key with too few windows to"
            + " split goes whole to one of the three sets, in these shares.";
    public static final String TRAINING_IMPROVEMENT_MARGIN_CONFIG = "training.improvement.margin";
    private static final String TRAINING_IMPROVEMENT_MARGIN_DOC = "Relative improvement in held-out loss a"
            + " candidate needs over the model in use to be published.";
    public static final String TRAINING_MAX_EPOCHS_CONFIG = "training.max.epochs";
    private static final String TRAINING_MAX_EPOCHS_DOC = "Most passes over the training windows per candidate"
            + " in a round.";
    public static final String TRAINING_PATIENCE_CONFIG = "training.patience";
    private static final String TRAINING_PATIENCE_DOC = "Epochs without a better held-out loss before a"
            + " candidate's training stops early. When a round has more than two candidates (the first one with"
            + " AUTO choices), each trains this many epochs and only the two that forecast best go on.";
    public static final String TRAINING_BATCH_SIZE_CONFIG = "training.batch.size";
    private static final String TRAINING_BATCH_SIZE_DOC = "Windows per mini-batch.";
    public static final String TRAINING_LEARNING_RATE_CONFIG = "training.learning.rate";
    private static final String TRAINING_LEARNING_RATE_DOC = "Adam's learning rate at the start of a training;"
            + " it halves after 4 epochs in a row without a better held-out loss.";
    public static final String TRAINING_CLIP_NORM_CONFIG = "training.clip.norm";
    private static final String TRAINING_CLIP_NORM_DOC = "Largest gradient norm; larger gradients are scaled down.";
    public static final String TRAINING_HUBER_DELTA_CONFIG = "training.huber.delta";
    private static final String TRAINING_HUBER_DELTA_DOC = "Forecast error, in standard deviations of the key's"
            + " values (as the model reads them), beyond which training counts an error's loss linearly instead of"
            + " squared (the Huber loss), so that a spike no forecaster could expect weighs as a large error and not"
            + " as its square; 0 squares every error.";
    public static final String TRAINING_BURN_IN_CONFIG = "training.burn.in";
    private static final String TRAINING_BURN_IN_DOC = "First steps of each window that only warm the network's"
            + " state: they are left out of the loss, and backpropagation stops where they end.";
    public static final String TRAINING_SEED_CONFIG = "training.seed";
    private static final String TRAINING_SEED_DOC = "Seed of weight initialisation and shuffling; the same data"
            + " and seed train the same model.";
    public static final String TRAINING_THREADS_CONFIG = "training.threads";
    private static final String TRAINING_THREADS_DOC = "Most threads a training round uses; never more than the cores"
            + " the stream threads leave (at least one). They run below the stream threads' priority (nice 19 on"
            + " Linux) and within training.cpu.share. The trained model does not depend on it.";

    public static final String TRAINING_CPU_SHARE_CONFIG = "training.cpu.share";
    private static final String TRAINING_CPU_SHARE_DOC = "Most CPU a training round takes, as a share of one core:"
            + " after each mini-batch and each pass over its validation windows the trainer rests in proportion to"
            + " the work it did (1 trains at full speed)."
            + " A round then takes longer, and prediction beside it keeps its pace.";

    public static final String MODEL_CATCH_UP_MS_CONFIG = "model.catch.up.ms";
    public static final long DEFAULT_MODEL_CATCH_UP_MS = 5_000;
    /** Kafka Streams' own transaction timeout under exactly-once, when no setting gives one. */
    private static final long STREAMS_TRANSACTION_TIMEOUT_MS = 10_000;
    private static final String MODEL_CATCH_UP_MS_DOC = "How long the predictor waits for a model version it has"
            + " not read yet, when a key arrives (after a rebalance) built by that version on another instance,"
            + " so that the key's model version never goes back. The models topic reaches every instance within"
            + " moments; a version that does not arrive in time is given up on, and its keys continue with the"
            + " version in use (counted). Under exactly-once, start-up refuses a wait above half the producer's"
            + " transaction.timeout.ms (Kafka Streams' default is 10 s), as the wait holds the task's transaction"
            + " open.";
    public static final String MODEL_REGISTRY_WAIT_MS_CONFIG = "model.registry.wait.ms";
    /** About as long as the stream threads' replacements ride out a registry that stays away, at default settings. */
    static final long DEFAULT_MODEL_REGISTRY_WAIT_MS = 300_000;
    private static final String MODEL_REGISTRY_WAIT_MS_DOC = "How long the models' global thread reads a model record"
            + " again while the schema registry cannot be reached (its schema has not been fetched yet): meanwhile the"
            + " instance predicts with the model in use, and the record is applied once the registry answers. Reads"
            + " are retried after retries.wait.ms, doubled up to retries.max.wait.ms. Past this wait the instance stops"
            + " with an error naming the registry, as Kafka Streams cannot replace its global thread. At start-up,"
            + " while the models are restored, the wait holds the start. Closing the instance ends the wait at once.";
    public static final String PASSTHROUGH_SETTINGS_CONFIG = "passthrough.settings";
    private static final String PASSTHROUGH_SETTINGS_DOC = "Settings that are neither Streamcast's nor Kafka's to"
            + " pass to Kafka Streams and its clients all the same, for plugins (interceptors, metric reporters,"
            + " login callbacks) that read settings of their own. Any other unknown setting stops start-up, naming"
            + " the closest known one, because Kafka would only log it and keep its default.";
    public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
    private static final String TOPICS_PARTITIONS_DOC = "Partitions of the events, predictions, anomalies and"
            + " dead-letter topics when run creates them; existing topics are left as they are. At most 2,000: run"
            + " creates the topics in one request, and Kafka's controller refuses a request for more than 10,000"
            + " partitions.";
    /** Four topics of this many partitions, and three of one, stay within the controller's 10,000 per request. */
    static final int MAX_TOPICS_PARTITIONS = 2_000;
    public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
    private static final String TOPICS_REPLICATION_FACTOR_DOC = "Replicas of topics that run creates; -1 takes"
            + " the broker's default.";

    public static final String ROCKSDB_MEMORY_BYTES_CONFIG = "rocksdb.memory.bytes";
    private static final String ROCKSDB_MEMORY_BYTES_DOC = "Memory all RocksDB state stores of the instance share for"
            + " their block cache, index and filter blocks and memtables (memtables at most half of it), so that"
            + " memory does not grow with the number of stores and partitions. Applies unless rocksdb.config.setter"
            + " names another setter.";
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 256L << 20;

    /** The escalation's values: 0 (off), or a factor of at least 1 (a weaker event never escalates). */
    private static final ConfigDef.Validator ZERO_OR_AT_LEAST_ONE = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            double factor = (Double) value;
            if (!(factor == 0 || factor >= 1)) {
                throw new ConfigException(name, value, "must be 0 (off) or at least 1");
            }
        }

        @Override
        public String toString() {
            return "0 or [1,...]";
        }
    };

    /**
     * The threshold's values: above 0, at most 1. Why not 0: an event that breaks no record scores 0, so at 0 every
     * event, those of a key still learning included, would be an anomaly (of cause none), one per refractory period.
     */
    private static final ConfigDef.Validator ABOVE_ZERO_TO_ONE = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            double threshold = (Double) value;
            if (!(threshold > 0 && threshold <= 1)) {
                throw new ConfigException(name, value, "must be above 0 and at most 1: an event that breaks no record"
                        + " scores 0, so at 0 every event would be an anomaly");
            }
        }

        @Override
        public String toString() {
            return "(0.0,...,1.0]";
        }
    };

    /** Replicas: the broker's default (-1), or 1 to 32; a topic with 0 replicas cannot be created. */
    private static final ConfigDef.Validator BROKER_DEFAULT_OR_REPLICAS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            short replicas = (Short) value;
            if (!(replicas == -1 || replicas >= 1 && replicas <= 32)) {
                throw new ConfigException(name, value, "must be -1 (the broker's default) or 1 to 32");
            }
        }

        @Override
        public String toString() {
            return "-1 or [1,...,32]";
        }
    };

    private static final ConfigDef.Validator TOPIC_NAME = ConfigDef.CompositeValidator.of(
            new ConfigDef.NonEmptyString(), TopicNamesCheck.LEGAL_NAME);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(EVENTS_TOPIC_CONFIG, Type.STRING, "events", TOPIC_NAME, Importance.HIGH,
                    EVENTS_TOPIC_DOC)
            .define(PREDICTIONS_TOPIC_CONFIG, Type.STRING, "predictions", TOPIC_NAME,
                    Importance.HIGH, PREDICTIONS_TOPIC_DOC)
            .define(ANOMALIES_TOPIC_CONFIG, Type.STRING, "anomalies", TOPIC_NAME,
                    Importance.MEDIUM, ANOMALIES_TOPIC_DOC)
            .define(DEAD_LETTERS_TOPIC_CONFIG, Type.STRING, "dead-letters", TOPIC_NAME,
                    Importance.MEDIUM, DEAD_LETTERS_TOPIC_DOC)
            .define(MODELS_TOPIC_CONFIG, Type.STRING, "models", TOPIC_NAME, Importance.MEDIUM,
                    MODELS_TOPIC_DOC)
            .define(TRAINING_SAMPLES_TOPIC_CONFIG, Type.STRING, "training-samples", TOPIC_NAME,
                    Importance.MEDIUM, TRAINING_SAMPLES_TOPIC_DOC)
            .define(TRAINING_ROUNDS_TOPIC_CONFIG, Type.STRING, "training-rounds", TOPIC_NAME,
                    Importance.LOW, TRAINING_ROUNDS_TOPIC_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG, Type.INT, SchemaRegistryConfig.DEFAULT_CALL_TIMEOUT_MS,
                    Range.atLeast(1), Importance.MEDIUM, SCHEMA_REGISTRY_CALL_TIMEOUT_MS_DOC)
            .define(HTTP_BIND_ADDRESS_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, HTTP_BIND_ADDRESS_DOC)
            .define(HTTP_PORT_CONFIG, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
            .define(CLOSE_TIMEOUT_MS_CONFIG, Type.INT, CLOSE_TIMEOUT_MS_DEFAULT, Range.atLeast(1000),
                    Importance.LOW, CLOSE_TIMEOUT_MS_DOC)
            .define(HTTP_QUERY_TIMEOUT_MS_CONFIG, Type.INT, 5000, Range.atLeast(1), Importance.LOW,
                    HTTP_QUERY_TIMEOUT_MS_DOC)
            .define(CONSOLE_KEYS_CONFIG, Type.INT, 1000, Range.between(1, 1_000_000), Importance.LOW,
                    CONSOLE_KEYS_DOC)
            .define(CONSOLE_POINTS_CONFIG, Type.INT, 300, Range.between(2, 100_000), Importance.LOW,
                    CONSOLE_POINTS_DOC)
            .define(METRICS_KAFKA_REFRESH_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                    METRICS_KAFKA_REFRESH_MS_DOC)
            .define(MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG, Type.LONG, 300_000L, Range.atLeast(100), Importance.LOW,
                    MAX_MESSAGE_BYTES_REFRESH_MS_DOC)
            .define(VALUE_DIMENSION_CONFIG, Type.INT, 1, Range.between(1, 1024), Importance.HIGH,
                    VALUE_DIMENSION_DOC)
            .define(FORECAST_INDICES_CONFIG, Type.LIST, "", Importance.MEDIUM, FORECAST_INDICES_DOC)
            .define(FORECAST_HORIZON_CONFIG, Type.INT, 1, Range.between(1, 1024), Importance.MEDIUM,
                    FORECAST_HORIZON_DOC)
            .define(CALENDAR_FEATURES_CONFIG, Type.LIST, AUTO,
                    DistinctValues.in(withAuto(names(CalendarFeature.values()))), Importance.MEDIUM,
                    CALENDAR_FEATURES_DOC)
            .define(VALUE_TRANSFORM_CONFIG, Type.STRING, AUTO,
                    ConfigDef.ValidString.in(withAuto(names(ValueTransform.values()))), Importance.MEDIUM,
                    VALUE_TRANSFORM_DOC)
            .define(FORECAST_INTERVAL_COVERAGE_CONFIG, Type.DOUBLE, PredictorSettings.DEFAULT_INTERVAL_COVERAGE,
                    Range.between(0.01, 0.99), Importance.MEDIUM, FORECAST_INTERVAL_COVERAGE_DOC)
            .define(FORECAST_WEEKLY_RHYTHM_CONFIG, Type.BOOLEAN, PredictorSettings.DEFAULT_WEEKLY_RHYTHM,
                    Importance.LOW, FORECAST_WEEKLY_RHYTHM_DOC)
            .define(SCALER_DECAY_CONFIG, Type.DOUBLE, 0.005, Range.between(1e-9, 0.5), Importance.LOW,
                    SCALER_DECAY_DOC)
            .define(MODEL_NAME_CONFIG, Type.STRING, "default", ConfigDef.CompositeValidator.of(
                    new ConfigDef.NonEmptyString(), ModelKeys.NAME_VALIDATOR), Importance.MEDIUM, MODEL_NAME_DOC)
            .define(MODEL_HIDDEN_SIZE_CONFIG, Type.INT, 32, Range.between(1, 4096), Importance.MEDIUM,
                    MODEL_HIDDEN_SIZE_DOC)
            .define(MODEL_LAYERS_CONFIG, Type.INT, 1, Range.between(1, 16), Importance.MEDIUM, MODEL_LAYERS_DOC)
            .define(HISTORY_LENGTH_CONFIG, Type.INT, 64, Range.between(2, 100_000), Importance.MEDIUM,
                    HISTORY_LENGTH_DOC)
            .define(WARMUP_EVENTS_CONFIG, Type.INT, 16, Range.atLeast(0), Importance.LOW, WARMUP_EVENTS_DOC)
            .define(ANOMALY_THRESHOLD_CONFIG, Type.DOUBLE, AnomalySettings.DEFAULT_THRESHOLD, ABOVE_ZERO_TO_ONE,
                    Importance.MEDIUM, ANOMALY_THRESHOLD_DOC)
            .define(ANOMALY_LEARNING_PERIOD_CONFIG, Type.INT, AnomalySettings.DEFAULT_LEARNING_PERIOD,
                    Range.atLeast(0), Importance.LOW, ANOMALY_LEARNING_PERIOD_DOC)
            .define(ANOMALY_RELEARNING_PERIOD_CONFIG, Type.INT, AnomalySettings.DEFAULT_RELEARNING_PERIOD,
                    Range.atLeast(0), Importance.LOW, ANOMALY_RELEARNING_PERIOD_DOC)
            .define(ANOMALY_WINDOW_CONFIG, Type.INT, AnomalySettings.DEFAULT_WINDOW,
                    Range.between(1, AnomalySettings.MAX_WINDOW), Importance.LOW, ANOMALY_WINDOW_DOC)
            .define(ANOMALY_BUCKET_CONFIG, Type.INT, AnomalySettings.DEFAULT_BUCKET, Range.atLeast(1),
                    Importance.LOW, ANOMALY_BUCKET_DOC)
            .define(ANOMALY_REFRACTORY_EVENTS_CONFIG, Type.INT, AnomalySettings.DEFAULT_REFRACTORY_EVENTS,
                    Range.atLeast(0), Importance.LOW, ANOMALY_REFRACTORY_EVENTS_DOC)
            .define(ANOMALY_REFRACTORY_ESCALATION_CONFIG, Type.DOUBLE, AnomalySettings.DEFAULT_REFRACTORY_ESCALATION,
                    ZERO_OR_AT_LEAST_ONE, Importance.LOW, ANOMALY_REFRACTORY_ESCALATION_DOC)
            .define(ANOMALY_DAILY_PROFILE_CONFIG, Type.BOOLEAN, AnomalySettings.DEFAULT_DAILY_PROFILE, Importance.LOW,
                    ANOMALY_DAILY_PROFILE_DOC)
            .define(ANOMALY_DRIFT_CONFIRMATION_CONFIG, Type.BOOLEAN, AnomalySettings.DEFAULT_DRIFT_CONFIRMATION,
                    Importance.LOW, ANOMALY_DRIFT_CONFIRMATION_DOC)
            .define(ANOMALY_VOLATILITY_CONFIRMATION_CONFIG, Type.BOOLEAN,
                    AnomalySettings.DEFAULT_VOLATILITY_CONFIRMATION, Importance.LOW,
                    ANOMALY_VOLATILITY_CONFIRMATION_DOC)
            .define(ANOMALY_RHYTHM_CONFIRMATION_CONFIG, Type.BOOLEAN, AnomalySettings.DEFAULT_RHYTHM_CONFIRMATION,
                    Importance.LOW, ANOMALY_RHYTHM_CONFIRMATION_DOC)
            .define(ANOMALY_SURPRISE_CONFIG, Type.BOOLEAN, AnomalySettings.DEFAULT_SURPRISE, Importance.LOW,
                    ANOMALY_SURPRISE_DOC)
            .define(LATE_EVENT_POLICY_CONFIG, Type.STRING, EventTimePolicy.LateEvents.APPLY.name(),
                    ConfigDef.ValidString.in(names(EventTimePolicy.LateEvents.values())), Importance.MEDIUM,
                    LATE_EVENT_POLICY_DOC)
            .define(LATE_EVENT_GRACE_MS_CONFIG, Type.LONG, EventTimePolicy.DEFAULT_GRACE_MILLIS, Range.atLeast(0),
                    Importance.MEDIUM, LATE_EVENT_GRACE_MS_DOC)
            .define(FUTURE_EVENT_LIMIT_MS_CONFIG, Type.LONG, EventTimePolicy.DEFAULT_FUTURE_LIMIT_MILLIS,
                    Range.atLeast(0), Importance.MEDIUM, FUTURE_EVENT_LIMIT_MS_DOC)
            .define(TRAINING_SAMPLE_EVERY_CONFIG, Type.INT, 16, Range.atLeast(0), Importance.LOW,
                    TRAINING_SAMPLE_EVERY_DOC)
            .define(TRAINING_SAMPLE_ANOMALIES_CONFIG, Type.BOOLEAN, PredictorSettings.DEFAULT_SAMPLE_ANOMALIES,
                    Importance.LOW, TRAINING_SAMPLE_ANOMALIES_DOC)
            .define(TRAINING_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, TRAINING_ENABLED_DOC)
            .define(TRAINING_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), Importance.MEDIUM,
                    TRAINING_INTERVAL_MS_DOC)
            .define(TRAINING_MIN_NEW_SAMPLES_CONFIG, Type.INT, 200, Range.atLeast(1), Importance.MEDIUM,
                    TRAINING_MIN_NEW_SAMPLES_DOC)
            .define(TRAINING_MIN_SAMPLES_CONFIG, Type.INT, 100, Range.atLeast(2), Importance.LOW,
                    TRAINING_MIN_SAMPLES_DOC)
            .define(TRAINING_SET_CAPACITY_CONFIG, Type.INT, 4096, Range.atLeast(2), Importance.LOW,
                    TRAINING_SET_CAPACITY_DOC)
            .define(TRAINING_SET_PER_KEY_CAPACITY_CONFIG, Type.INT, 512, Range.atLeast(1), Importance.LOW,
                    TRAINING_SET_PER_KEY_CAPACITY_DOC)
            .define(TRAINING_VALIDATION_FRACTION_CONFIG, Type.DOUBLE, 0.2, Range.between(0.01, 0.45),
                    Importance.LOW, TRAINING_VALIDATION_FRACTION_DOC)
            .define(TRAINING_IMPROVEMENT_MARGIN_CONFIG, Type.DOUBLE, 0.01, Range.between(0.0, 1.0), Importance.LOW,
                    TRAINING_IMPROVEMENT_MARGIN_DOC)
            .define(TRAINING_MAX_EPOCHS_CONFIG, Type.INT, 40, Range.atLeast(1), Importance.LOW,
                    TRAINING_MAX_EPOCHS_DOC)
            .define(TRAINING_PATIENCE_CONFIG, Type.INT, 10, Range.atLeast(1), Importance.LOW, TRAINING_PATIENCE_DOC)
            .define(TRAINING_BATCH_SIZE_CONFIG, Type.INT, 32, Range.atLeast(1), Importance.LOW,
                    TRAINING_BATCH_SIZE_DOC)
            .define(TRAINING_LEARNING_RATE_CONFIG, Type.DOUBLE, 0.01, Range.between(1e-9, 1.0), Importance.LOW,
                    TRAINING_LEARNING_RATE_DOC)
            .define(TRAINING_CLIP_NORM_CONFIG, Type.DOUBLE, 1.0, Range.between(1e-9, 1e9), Importance.LOW,
                    TRAINING_CLIP_NORM_DOC)
            .define(TRAINING_HUBER_DELTA_CONFIG, Type.DOUBLE, 4.0, Range.between(0.0, 1e9), Importance.LOW,
                    TRAINING_HUBER_DELTA_DOC)
            .define(TRAINING_BURN_IN_CONFIG, Type.INT, 16, Range.atLeast(0), Importance.LOW, TRAINING_BURN_IN_DOC)
            .define(TRAINING_SEED_CONFIG, Type.LONG, 42L, Importance.LOW, TRAINING_SEED_DOC)
            .define(TRAINING_CPU_SHARE_CONFIG, Type.DOUBLE, 0.25, Range.between(0.01, 1.0), Importance.LOW,
                    TRAINING_CPU_SHARE_DOC)
            .define(TRAINING_THREADS_CONFIG, Type.INT, 2, Range.between(1, 256), Importance.LOW,
                    TRAINING_THREADS_DOC)
            .define(MODEL_CATCH_UP_MS_CONFIG, Type.LONG, DEFAULT_MODEL_CATCH_UP_MS, Range.between(0, 10_000),
                    Importance.LOW, MODEL_CATCH_UP_MS_DOC)
            .define(MODEL_REGISTRY_WAIT_MS_CONFIG, Type.LONG, DEFAULT_MODEL_REGISTRY_WAIT_MS, Range.atLeast(0),
                    Importance.LOW, MODEL_REGISTRY_WAIT_MS_DOC)
            .define(PASSTHROUGH_SETTINGS_CONFIG, Type.LIST, "", Importance.LOW, PASSTHROUGH_SETTINGS_DOC)
            .define(ROCKSDB_MEMORY_BYTES_CONFIG, Type.LONG, DEFAULT_ROCKSDB_MEMORY_BYTES, Range.atLeast(1L << 20),
                    Importance.MEDIUM, ROCKSDB_MEMORY_BYTES_DOC)
            .define(TOPICS_PARTITIONS_CONFIG, Type.INT, 6, Range.between(1, MAX_TOPICS_PARTITIONS), Importance.LOW,
                    TOPICS_PARTITIONS_DOC)
            .define(TOPICS_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, BROKER_DEFAULT_OR_REPLICAS,
                    Importance.LOW, TOPICS_REPLICATION_FACTOR_DOC);

    /** Kafka Streams settings Streamcast chooses unless the user sets them. */
    private static final Map<String, Object> STREAMS_DEFAULTS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, "streamcast",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName(),
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true,
            StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName(),
            // every output and changelog record stamped when it is made, not with its event record's stamp: a
            // producer's wrong clock made stamps that topics refuse (message.timestamp.after.max.ms, an hour by
            // Kafka 4's default, or before.max.ms), failing the task on that record after every restart, and a
            // negative one failed in Kafka Streams' default extractor before any processor could dead-letter it
            StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, WallclockTimestampExtractor.class.getName());

    /**
     * How often the main consumer reads the events topic's metadata unless set otherwise: partitions added to the
     * events topic while the application runs stop it (Kafka Streams cannot move the key states), and they go
     * unprocessed, the instance reading ready, until its metadata shows them: five minutes at Kafka's default. A
     * metadata request every 30 s costs the broker nothing that matters.
     */
    static final int MAIN_CONSUMER_METADATA_MAX_AGE_MS = 30_000;

    private final InputSpec inputSpec;

    private static final KnownSettings KNOWN = new KnownSettings(DEFINITION.names());

    /** @throws ConfigException naming a missing, invalid or unknown setting */
    public StreamcastConfig(Map<?, ?> settings) {
        super(DEFINITION, ConfigProviderValues.resolve(settings));
        KNOWN.requireKnown(settings.keySet(), getList(PASSTHROUGH_SETTINGS_CONFIG), PASSTHROUGH_SETTINGS_CONFIG);
        requireFiniteNumbers();
        StreamsSettingsCheck.requireRefusalsNamed(originals());
        TopicSettingsCheck.requireValid(originals());
        // the registry client's settings, checked here so that a bad one stops the start before anything connects
        new SchemaRegistryConfig(registrySettings());
        this.inputSpec = buildInputSpec();
    }

    /**
     * Refuses a number setting that is NaN or infinite, naming it. Why: Kafka's ranges let NaN through (it compares
     * false with both bounds), and a NaN learning rate or loss delta would otherwise surface later, as an exception
     * of the trainer's settings that names no setting.
     */
    private void requireFiniteNumbers() {
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            if (key.type == Type.DOUBLE) {
                Double value = getDouble(key.name);
                if (value != null && !Double.isFinite(value)) {
                    throw new ConfigException(key.name, value, "must be a finite number");
                }
            }
        }
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    private static String[] withAuto(String[] names) {
        String[] all = Arrays.copyOf(names, names.length + 1);
        all[names.length] = AUTO;
        return all;
    }

    private boolean calendarAuto() {
        return getList(CALENDAR_FEATURES_CONFIG).contains(AUTO);
    }

    private boolean transformAuto() {
        return AUTO.equals(getString(VALUE_TRANSFORM_CONFIG));
    }

    /** What the trainer may vary between candidates: whatever is AUTO. */
    public ModelChoices modelChoices() {
        return new ModelChoices(calendarAuto() ? ModelChoices.CALENDAR_RHYTHMS : List.of(),
                transformAuto() ? ModelChoices.TRANSFORMS : List.of());
    }

    private InputSpec buildInputSpec() {
        int dimension = getInt(VALUE_DIMENSION_CONFIG);
        List<String> indexNames = getList(FORECAST_INDICES_CONFIG);
        int[] indices;
        if (indexNames.isEmpty()) {
            indices = InputSpec.allIndices(dimension);
        } else {
            indices = new int[indexNames.size()];
            for (int i = 0; i < indices.length; i++) {
                try {
                    indices[i] = Integer.parseInt(indexNames.get(i).trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(FORECAST_INDICES_CONFIG, indexNames, "not a list of integers");
                }
                if (indices[i] < 0 || indices[i] >= dimension) {
                    throw new ConfigException(FORECAST_INDICES_CONFIG, indexNames,
                            "index " + indices[i] + " is outside the " + dimension + " values of "
                                    + VALUE_DIMENSION_CONFIG);
                }
                for (int j = 0; j < i; j++) {
                    if (indices[j] == indices[i]) {
                        // forecast twice, it would double the key's forecasts, state and detector for nothing
                        throw new ConfigException(FORECAST_INDICES_CONFIG, indexNames,
                                "index " + indices[i] + " is given twice");
                    }
                }
            }
        }
        List<String> calendarNames = getList(CALENDAR_FEATURES_CONFIG);
        if (calendarNames.contains(AUTO) && calendarNames.size() > 1) {
            throw new ConfigException(CALENDAR_FEATURES_CONFIG, calendarNames, AUTO + " cannot be combined with"
                    + " calendar features");
        }
        List<CalendarFeature> calendar = calendarAuto() ? List.of()
                : calendarNames.stream().map(CalendarFeature::valueOf).toList();
        ValueTransform transform = transformAuto() ? ValueTransform.NONE
                : ValueTransform.valueOf(getString(VALUE_TRANSFORM_CONFIG));
        return new InputSpec(dimension, indices, getInt(FORECAST_HORIZON_CONFIG), calendar,
                getDouble(SCALER_DECAY_CONFIG), transform);
    }

    public InputSpec inputSpec() {
        return inputSpec;
    }

    public PredictorSettings predictorSettings() {
        return new PredictorSettings(inputSpec, getInt(HISTORY_LENGTH_CONFIG), getInt(WARMUP_EVENTS_CONFIG),
                getInt(TRAINING_SAMPLE_EVERY_CONFIG), anomalySettings(), eventTimePolicy(),
                getDouble(FORECAST_INTERVAL_COVERAGE_CONFIG), getBoolean(FORECAST_WEEKLY_RHYTHM_CONFIG),
                getBoolean(TRAINING_SAMPLE_ANOMALIES_CONFIG));
    }

    public EventTimePolicy eventTimePolicy() {
        return new EventTimePolicy(lateEvents(), getLong(LATE_EVENT_GRACE_MS_CONFIG), futureEventLimitMs());
    }

    private EventTimePolicy.LateEvents lateEvents() {
        return EventTimePolicy.LateEvents.valueOf(getString(LATE_EVENT_POLICY_CONFIG));
    }

    /**
     * The future-event limit as set, or, when it is not set, its default lowered to the grace under APPLY, so that a
     * deployment that lowered only the grace keeps the guarantee that no event accepted ahead can lock its key.
     */
    private long futureEventLimitMs() {
        long limit = getLong(FUTURE_EVENT_LIMIT_MS_CONFIG);
        if (originals().containsKey(FUTURE_EVENT_LIMIT_MS_CONFIG) || lateEvents() != EventTimePolicy.LateEvents.APPLY) {
            return limit;
        }
        return Math.min(limit, getLong(LATE_EVENT_GRACE_MS_CONFIG));
    }

    public AnomalySettings anomalySettings() {
        try {
            return AnomalySettings.builder()
                    .threshold(getDouble(ANOMALY_THRESHOLD_CONFIG))
                    .learningPeriod(getInt(ANOMALY_LEARNING_PERIOD_CONFIG))
                    .relearningPeriod(getInt(ANOMALY_RELEARNING_PERIOD_CONFIG))
                    .window(getInt(ANOMALY_WINDOW_CONFIG))
                    .bucket(getInt(ANOMALY_BUCKET_CONFIG))
                    .refractoryEvents(getInt(ANOMALY_REFRACTORY_EVENTS_CONFIG))
                    .refractoryEscalation(getDouble(ANOMALY_REFRACTORY_ESCALATION_CONFIG))
                    .dailyProfile(getBoolean(ANOMALY_DAILY_PROFILE_CONFIG))
                    .driftConfirmation(getBoolean(ANOMALY_DRIFT_CONFIRMATION_CONFIG))
                    .volatilityConfirmation(getBoolean(ANOMALY_VOLATILITY_CONFIRMATION_CONFIG))
                    .rhythmConfirmation(getBoolean(ANOMALY_RHYTHM_CONFIRMATION_CONFIG))
                    .surprise(getBoolean(ANOMALY_SURPRISE_CONFIG))
                    .build();
        } catch (IllegalArgumentException e) {
            // each key is range-checked where it is defined; what is left is the bucket against the window
            throw new ConfigException(ANOMALY_BUCKET_CONFIG, getInt(ANOMALY_BUCKET_CONFIG), e.getMessage());
        }
    }

    public TrainerSettings trainerSettings() {
        TrainingSettings training = new TrainingSettings(getDouble(TRAINING_LEARNING_RATE_CONFIG),
                getInt(TRAINING_BATCH_SIZE_CONFIG), getInt(TRAINING_MAX_EPOCHS_CONFIG),
                getInt(TRAINING_PATIENCE_CONFIG), getDouble(TRAINING_CLIP_NORM_CONFIG), getInt(TRAINING_BURN_IN_CONFIG),
                getLong(TRAINING_SEED_CONFIG), trainingThreads(), getDouble(TRAINING_HUBER_DELTA_CONFIG));
        return new TrainerSettings(getInt(MODEL_HIDDEN_SIZE_CONFIG), getInt(MODEL_LAYERS_CONFIG),
                getLong(TRAINING_INTERVAL_MS_CONFIG), getInt(TRAINING_MIN_NEW_SAMPLES_CONFIG),
                getInt(TRAINING_MIN_SAMPLES_CONFIG), getInt(TRAINING_SET_CAPACITY_CONFIG),
                getInt(TRAINING_SET_PER_KEY_CAPACITY_CONFIG), getDouble(TRAINING_VALIDATION_FRACTION_CONFIG),
                getDouble(TRAINING_IMPROVEMENT_MARGIN_CONFIG), training, modelChoices(), getInt(HISTORY_LENGTH_CONFIG));
    }

    /** {@code training.threads}, capped at the cores left over by the stream threads, and at least one. */
    private int trainingThreads() {
        Object streamThreads = originals().get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        // parsed as Kafka Streams parses it: offline, no StreamsConfig checks it, and a bad value must name it
        int stream = streamThreads == null ? 1
                : (Integer) ConfigDef.parseType(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads, Type.INT);
        int spare = Runtime.getRuntime().availableProcessors() - stream;
        return Math.max(1, Math.min(getInt(TRAINING_THREADS_CONFIG), spare));
    }

    /** Whether Kafka Streams runs under exactly-once ({@code processing.guarantee}, exactly-once by default). */
    public boolean exactlyOnce() {
        return exactlyOnce(streamsProperties());
    }

    static boolean exactlyOnce(Properties streams) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(
                String.valueOf(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    /** Whether Kafka Streams runs under the streams rebalance protocol ({@code group.protocol=streams}). */
    public boolean underStreamsProtocol() {
        return underStreamsProtocol(streamsProperties());
    }

    /**
     * Whether {@code settings} choose the streams rebalance protocol: their {@code group.protocol}, in any case and
     * with spaces around it as Kafka's parser takes it, is {@code streams} (classic when absent).
     */
    public static boolean underStreamsProtocol(Map<?, ?> settings) {
        Object protocol = settings.get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        return protocol != null && GroupProtocol.STREAMS.name().equalsIgnoreCase(String.valueOf(protocol).trim());
    }

    /** A consumer's settings that only a member of a group uses. */
    private static final Set<String> GROUP_MEMBERSHIP = Set.of(ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);

    /** Settings for Kafka Streams: everything not defined here, over Streamcast's defaults. */
    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.putAll(STREAMS_DEFAULTS);
        properties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, getString(DEAD_LETTERS_TOPIC_CONFIG));
        for (Map.Entry<String, Object> e : originals().entrySet()) {
            if (!DEFINITION.names().contains(e.getKey())) {
                properties.put(e.getKey(), e.getValue());
            }
        }
        // The RocksDB config setter reads its budget from the settings Kafka Streams hands it.
        properties.put(ROCKSDB_MEMORY_BYTES_CONFIG, Long.toString(getLong(ROCKSDB_MEMORY_BYTES_CONFIG)));
        // Kafka Streams' partition assignor builds a StreamsConfig of its own from the main consumer's settings,
        // which leave this one out, and that StreamsConfig then warns at every start that the handler is not
        // enabled for the global thread; handed to the main consumer too, it reads the value actually in force.
        properties.putIfAbsent(StreamsConfig.mainConsumerPrefix(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                properties.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
        String metadataAge = ConsumerConfig.METADATA_MAX_AGE_CONFIG;
        if (!properties.containsKey(metadataAge) && !properties.containsKey(StreamsConfig.consumerPrefix(metadataAge))
                && !properties.containsKey(StreamsConfig.mainConsumerPrefix(metadataAge))) {
            properties.put(StreamsConfig.mainConsumerPrefix(metadataAge), MAIN_CONSUMER_METADATA_MAX_AGE_MS);
        }
        return properties;
    }

    /**
     * Settings for a Kafka client of the command's own (of {@code names}: a producer's, a consumer's, an admin
     * client's), taken from those for Kafka Streams, so resolved as every other setting is (config providers' values
     * in place of their placeholders); those given with the client's {@code prefix} ({@code producer.},
     * {@code consumer.}, {@code admin.}) take precedence, as Kafka Streams gives them to its own clients. Why one
     * path: a command whose clients read the settings file again got the placeholder's own text, where the instances
     * it checks got the value. {@code group.protocol} without a prefix is Kafka Streams' ({@code classic} or
     * {@code streams}), which Kafka Streams removes from its own consumers' settings, so no client is given it: a
     * consumer takes only {@code classic} or {@code consumer}, and refused {@code streams} as a configuration error
     * (the soak's check of a run under the streams protocol failed on it once every event was processed). A
     * {@code consumer.group.protocol} is kept, though Kafka Streams removes that too: the commands' consumers, which
     * join no group, take their settings from {@link #groupFreeConsumerSettings}, which leaves it out.
     */
    public Map<String, Object> clientSettings(Set<String> names, String prefix) {
        Map<String, Object> client = new HashMap<>();
        Map<String, Object> prefixed = new HashMap<>();
        streamsProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.equals(StreamsConfig.GROUP_PROTOCOL_CONFIG)) {
                return;
            }
            if (names.contains(name)) {
                client.put(name, value);
            } else if (name.startsWith(prefix) && names.contains(name.substring(prefix.length()))) {
                prefixed.put(name.substring(prefix.length()), value);
            }
        });
        client.putAll(prefixed);
        return client;
    }

    /**
     * Settings for a consumer of a command's own, which reads partitions it assigns itself and joins no group: those
     * of {@link #clientSettings} for a consumer, less a group member's ({@link #GROUP_MEMBERSHIP}). Given for Kafka
     * Streams' consumers, they meant nothing to it, and some failed its creation: a consumer under
     * {@code consumer.group.protocol=consumer} refuses {@code session.timeout.ms} and {@code heartbeat.interval.ms},
     * which that protocol's coordinator sets.
     */
    public Map<String, Object> groupFreeConsumerSettings() {
        Map<String, Object> consumer = clientSettings(ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX);
        consumer.keySet().removeAll(GROUP_MEMBERSHIP);
        return consumer;
    }

    /** Settings for the schema registry client: the registry URL and every other original setting. */
    public Map<String, Object> registrySettings() {
        return new HashMap<>(originals());
    }

    /**
     * Checks what cannot be judged setting by setting, or by Kafka's own checks before its clients are created: that
     * each client Kafka Streams and {@code run} create would take its settings, none of them given empty where Kafka
     * would read the empty value as something no one means, that there is a stream thread, that
     * no two of Streamcast's topics share a name, that the records these settings make (a key's stored state, its
     * training window, its prediction) fit what the producer may send, that the history reaches every forecast step
     * (and, when the trainer is on, past its burn-in), that the trainer, when on, can ever train, that
     * no single event accepted ahead of the clock can lock its key, that the waits for a model version and for the
     * schema registry end before the transaction they hold open times out (and the registry's before the consumer
     * must poll) and before a close gives up, that the console's recent predictions and, when training is on, the
     * training set fit the heap, that the RocksDB stores' budget fits the machine, and that the HTTP endpoints'
     * address is one of this machine's. Then warns of the settings an instance runs with at a cost (a commit at every
     * loop, a metadata request at every refresh backoff), once per process whoever calls this again.
     *
     * @throws ConfigException naming the setting to change
     */
    public void requireRunnable() {
        requireBootstrapAddresses();
        KafkaClientsCheck.require(streamsProperties());
        requireStateDirectory();
        requireStreamThreads();
        StreamsSettingsCheck.require(originals());
        TopicNamesCheck.require(this);
        RecordSizeCheck.requireFit(this);
        requireHistoryCoversHorizon();
        requireTrainable();
        requireNoLockingFutureEvent();
        requireCatchUpWithinTransaction();
        RegistryWaitCheck.requireFit(this);
        requireCloseBeyondARecordsWaits();
        MemoryBudgetCheck.requireFit(this, Runtime.getRuntime().maxMemory(),
                ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
        BindAddressCheck.requireLocal(getString(HTTP_BIND_ADDRESS_CONFIG));
        CostlySettingsCheck.warn(streamsProperties());
    }

    /**
     * Each of {@code bootstrap.servers}' addresses must be a host and a port: Kafka's clients refuse one that is not
     * only when they are created, with an error the start reported as a failure rather than as a setting to mend. The
     * host is not looked up here: a name that does not resolve yet may resolve soon, and the clients retry it.
     */
    private void requireBootstrapAddresses() {
        Object servers = streamsProperties().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null) {
            return; // Kafka Streams' own check names it as missing
        }
        // a list, or a comma-separated string, as Kafka reads it
        @SuppressWarnings("unchecked")
        List<String> addresses = (List<String>) ConfigDef.parseType(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                Type.LIST);
        for (String address : addresses) {
            String trimmed = address.trim();
            if (!trimmed.isEmpty() && (Utils.getHost(trimmed) == null || Utils.getPort(trimmed) == null)) {
                throw new ConfigException(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers, trimmed + " is no"
                        + " host:port address");
            }
        }
    }

    /**
     * {@code state.dir} must be a directory the instance can create and write: Kafka Streams finds out only once the
     * topics are set up, in words that name no setting ({@code base state directory [] doesn't exist and couldn't be
     * created}). Created here as Kafka Streams would create it next.
     */
    private void requireStateDirectory() {
        Object dir = streamsProperties().get(StreamsConfig.STATE_DIR_CONFIG);
        if (dir == null) {
            return; // Kafka Streams' default, under the JVM's temporary directory
        }
        try {
            Path path = Path.of(dir.toString().trim());
            if (dir.toString().isBlank()) {
                throw new ConfigException(StreamsConfig.STATE_DIR_CONFIG, dir, "must name a directory");
            }
            Files.createDirectories(path);
            if (!Files.isWritable(path)) {
                throw new ConfigException(StreamsConfig.STATE_DIR_CONFIG, dir, "is not writable by this process");
            }
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException(StreamsConfig.STATE_DIR_CONFIG, dir, "cannot be created: " + e);
        }
    }

    /**
     * Kafka Streams takes any number of stream threads, 0 and below too, for an application that adds them later;
     * Streamcast adds none, and with none its instance stays in REBALANCING and processes nothing, without an error.
     */
    private void requireStreamThreads() {
        Object threads = originals().get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        if (threads != null && (Integer) ConfigDef.parseType(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads,
                Type.INT) < 1) {
            throw new ConfigException(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads, "must be at least 1: with no"
                    + " stream thread Kafka Streams would wait in REBALANCING and process nothing");
        }
    }

    /**
     * An event accepted up to {@code future.event.limit.ms} ahead becomes its key's latest time, and the key's genuine
     * events then arrive up to that much late. Beyond the grace they would all be refused until the clock caught up:
     * one record could lock a key for as long as the limit allows.
     */
    private void requireNoLockingFutureEvent() {
        long limit = futureEventLimitMs();
        long grace = getLong(LATE_EVENT_GRACE_MS_CONFIG);
        if (lateEvents() == EventTimePolicy.LateEvents.APPLY && limit > grace) {
            throw new ConfigException(FUTURE_EVENT_LIMIT_MS_CONFIG, limit, "must not exceed "
                    + LATE_EVENT_GRACE_MS_CONFIG + " = " + grace + ": an event accepted that far ahead would make the"
                    + " key's genuine events later than the grace, and they would all be refused as out-of-order until"
                    + " the clock caught up");
        }
    }

    /**
     * Under exactly-once, the wait for a model version holds the task's transaction open, which was open before the
     * wait began and may hold a second wait: one that took the transaction timeout would have the broker abort it, and
     * the instance would fail the task over and over on that key. Half the timeout leaves the rest to the work.
     */
    private void requireCatchUpWithinTransaction() {
        Properties streams = streamsProperties();
        if (!exactlyOnce(streams)) {
            return;
        }
        long catchUp = getLong(MODEL_CATCH_UP_MS_CONFIG);
        long timeout = transactionTimeoutMs(streams);
        if (2 * catchUp > timeout) {
            throw new ConfigException(MODEL_CATCH_UP_MS_CONFIG, catchUp, "must be at most half the producer's "
                    + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + " of " + timeout + " ms under exactly-once: the"
                    + " wait holds the task's transaction open, and the broker would abort it");
        }
    }

    /**
     * A close waits for each stream thread to finish its record, and a record may wait for a model version for up to
     * {@code model.catch.up.ms} and, read with a schema id not seen yet, for the schema registry for up to
     * {@code schema.registry.call.timeout.ms} (the in-memory registry answers at once): a close that gave up first
     * would always abort the open transaction there, and the key states would be restored from their changelogs at
     * the next start.
     */
    private void requireCloseBeyondARecordsWaits() {
        long catchUp = getLong(MODEL_CATCH_UP_MS_CONFIG);
        boolean registryWaits = !getString(SCHEMA_REGISTRY_URL_CONFIG).startsWith(MockSchemaRegistry.URL_PREFIX);
        long registryCall = registryWaits ? getInt(SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG) : 0;
        int close = getInt(CLOSE_TIMEOUT_MS_CONFIG);
        if (close <= catchUp + registryCall) {
            String waits = MODEL_CATCH_UP_MS_CONFIG + " (" + catchUp + " ms)" + (registryWaits ? " plus "
                    + SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG + " (" + registryCall + " ms)" : "");
            throw new ConfigException(CLOSE_TIMEOUT_MS_CONFIG, close, "must exceed " + waits + ": a close waits for a"
                    + " record's wait for a model version" + (registryWaits ? " and for the schema registry" : "")
                    + " to end");
        }
    }

    /** The producer's transaction timeout as Kafka Streams sets it under exactly-once: prefixed, plain, or 10 s. */
    static long transactionTimeoutMs(Properties streams) {
        return producerInt(streams, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, STREAMS_TRANSACTION_TIMEOUT_MS);
    }

    /**
     * An integer producer setting as Kafka Streams hands it to its producers: the {@code producer.}-prefixed setting
     * over the plain one over {@code fallback}.
     */
    public static long producerInt(Properties streams, String name, long fallback) {
        // parsed under the name it was given by, so that a bad value names the setting the user wrote
        String given = StreamsConfig.producerPrefix(name);
        Object value = streams.get(given);
        if (value == null) {
            given = name;
            value = streams.get(name);
        }
        if (value == null) {
            return fallback;
        }
        return ((Number) ConfigDef.parseType(given, value, ConfigDef.Type.INT)).longValue();
    }

    /**
     * A key keeps the values of its last {@code history.length} events, and persistence's forecast of step k is the
     * value k events back: beyond the history its errors are never recorded, so no other forecaster can be found
     * clearly better than it there, and, with a model, it cannot be found better than the model.
     */
    private void requireHistoryCoversHorizon() {
        int horizon = getInt(FORECAST_HORIZON_CONFIG);
        int history = getInt(HISTORY_LENGTH_CONFIG);
        if (horizon > history) {
            throw new ConfigException(FORECAST_HORIZON_CONFIG, horizon, "must not exceed " + HISTORY_LENGTH_CONFIG
                    + " = " + history + ": a key keeps the values of its last " + history + " events, so"
                    + " persistence's errors at the steps beyond would never be recorded, and no other forecaster"
                    + " could be found clearly better than it there");
        }
    }

    /**
     * What the offline evaluations need of these settings, as {@code run} needs it: a history that reaches every
     * forecast step, a trainer that can train them, and training sets the heap can hold, one per stream replayed at
     * once ({@code replays}).
     *
     * @throws ConfigException naming the setting to change
     */
    public void requireEvaluable(int replays) {
        requireHistoryCoversHorizon();
        requireTrainable();
        MemoryBudgetCheck.requireTrainingSetsWithinHeap(this, replays, Runtime.getRuntime().maxMemory());
    }

    /**
     * A trainer that can never train would leave the service on persistence for ever with nothing but a log line, and
     * an offline evaluation with a report of no model published.
     *
     * @throws ConfigException naming the setting to change, when training is on
     */
    public void requireTrainable() {
        if (!getBoolean(TRAINING_ENABLED_CONFIG)) {
            return;
        }
        int history = getInt(HISTORY_LENGTH_CONFIG);
        int burnIn = getInt(TRAINING_BURN_IN_CONFIG);
        if (burnIn >= history - 1) {
            throw new ConfigException(TRAINING_BURN_IN_CONFIG, burnIn, "must be below " + HISTORY_LENGTH_CONFIG
                    + " - 1 = " + (history - 1) + ": a training window is scored only at steps after its burn-in"
                    + " that have a later event to forecast, and with this burn-in none has, so no round could train");
        }
        int horizon = getInt(FORECAST_HORIZON_CONFIG);
        if (burnIn + horizon >= history) {
            // step k is taught only by a window's steps after the burn-in that have an event k steps later in it
            throw new ConfigException(FORECAST_HORIZON_CONFIG, horizon, "must be below " + HISTORY_LENGTH_CONFIG
                    + " - " + TRAINING_BURN_IN_CONFIG + " = " + history + " - " + burnIn + " = " + (history - burnIn)
                    + " while " + TRAINING_ENABLED_CONFIG + "=true: a window of " + history + " events has no event"
                    + " that far after its burn-in, so the model's forecasts from step " + (history - burnIn)
                    + " on would never be trained and would keep their initial weights'");
        }
        if (getInt(TRAINING_SAMPLE_EVERY_CONFIG) == 0) {
            throw new ConfigException(TRAINING_SAMPLE_EVERY_CONFIG, 0, "must be at least 1 while "
                    + TRAINING_ENABLED_CONFIG + "=true: with 0 no key sends a training window, so the trainer would"
                    + " never have a window to train on; set " + TRAINING_ENABLED_CONFIG + "=false to predict with the"
                    + " models already published");
        }
        int minSamples = getInt(TRAINING_MIN_SAMPLES_CONFIG);
        int capacity = getInt(TRAINING_SET_CAPACITY_CONFIG);
        if (minSamples > capacity) {
            throw new ConfigException(TRAINING_MIN_SAMPLES_CONFIG, minSamples, "must not exceed "
                    + TRAINING_SET_CAPACITY_CONFIG + " = " + capacity + ": the training set never holds more windows,"
                    + " so no round would ever start");
        }
    }

    /** The settings that name the application's topics, each naming another topic (start-up refuses a repeat). */
    public static List<String> topicSettings() {
        return TopicNamesCheck.TOPIC_SETTINGS;
    }

    public String applicationId() {
        return streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }
}
