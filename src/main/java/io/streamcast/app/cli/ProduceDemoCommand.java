package io.streamcast.app.cli;

import io.streamcast.app.EventPace;
import io.streamcast.app.SettingsLoader;
import io.streamcast.app.TopicSetup;
import io.streamcast.app.demo.DemoSignals;
import io.streamcast.app.demo.DemoStreamProducer;
import io.streamcast.app.demo.EventsTopicEnd;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.schema.Event;
import io.streamcast.serde.AvroSerdes;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import io.streamcast.stream.StreamcastTopics;
import io.streamcast.stream.Topic;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "produce-demo", mixinStandardHelpOptions = true,
        description = "Sends the demo's synthetic metrics (many keys with daily and weekly rhythms and injected"
                + " anomalies) to the events topic of an existing cluster, in the registry's wire format. Reads"
                + " its settings as run does (--config, STREAMCAST_*, KAFKA_*) and creates missing topics as run"
                + " does.")
final class ProduceDemoCommand implements Callable<Integer> {

    @Option(names = "--config", description = "A properties file of settings.")
    Path configFile;

    @Option(names = "--keys", defaultValue = "20", description = "Number of keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "100",
            description = "Events per second; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--events", defaultValue = "0",
            description = "Stop after this many events; 0 runs until stopped (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--bad-every", defaultValue = "1000",
            description = "Send one event with a NaN value after every this many; 0 sends none"
                    + " (default: ${DEFAULT-VALUE}).")
    long badEvery;

    @Override
    public Integer call() throws InterruptedException {
        List<String> refused = DemoStreamOptions.refusals(keys, rate, events, "sends until stopped");
        if (badEvery < 0) {
            refused.add("--bad-every " + badEvery + ": must not be negative (0 sends no bad event)");
        }
        if (!refused.isEmpty()) {
            refused.forEach(System.err::println);
            return 2;
        }
        try {
            EventPace.requireFits("--rate", rate, events);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        // a bad setting throws a ConfigException, which UserErrors reports in one line
        StreamcastConfig config = new StreamcastConfig(
                SettingsLoader.load(configFile, System.getenv(), System.err::println));
        SharedRegistry.require(config, "the events produce-demo sends are read by Streamcast");
        System.out.println("produce-demo: " + TopicSetup.waitingFor(config));
        try {
            TopicSetup.ensure(config);
        } catch (RuntimeException e) {
            System.err.println("produce-demo: " + UserErrors.withCause(e));
            return 1;
        }
        Topic<String, Event> topic;
        try {
            topic = StreamcastTopics.from(config, AvroSerdes.create(config.registrySettings())).events();
        } catch (SchemaRegistryUnavailableException e) {
            // a registry that does not answer, or refuses the credentials: the user's to mend, said in one line
            System.err.println("produce-demo: " + UserErrors.withCause(e));
            return 1;
        }
        Map<String, Object> producerSettings = config.clientSettings(ProducerConfig.configNames(),
                StreamsConfig.PRODUCER_PREFIX);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 5);

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "produce-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println(startLine(keys, rate, topic.name()));
        OptionalLong latest = EventsTopicEnd.latestEventTime(config, topic);
        latest.ifPresent(time -> System.out.println("produce-demo: going on after the latest event on " + topic.name()
                + ", at " + Instant.ofEpochMilli(time)));
        long firstStep = latest.isPresent() ? DemoSignals.stepAfter(latest.getAsLong()) : 0;
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                topic.valueSerde().serializer())) {
            DemoStreamProducer.Sent sent = new DemoStreamProducer(new DemoSignals(keys, seed), topic, rate, badEvery)
                    .run(producer, firstStep, events, stop::get);
            System.out.printf("produce-demo: sent events=%d bad=%d%n", sent.good(), sent.bad());
            return 0;
        } finally {
            finished.countDown();
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    /** E.g. {@code produce-demo: 20 keys at 100 events/s to events}, or {@code ... as fast as possible ...}. */
    static String startLine(int keys, double rate, String topic) {
        String pace = rate == 0 ? "as fast as possible"
                : "at " + (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate)) + " events/s";
        return "produce-demo: " + keys + " keys " + pace + " to " + topic;
    }
}
