package io.streamcast.app.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds transactions a broker left open on a partition after their producer had moved on (Kafka calls them hanging
 * transactions). No coordinator knows of such a transaction, so nothing ever ends it, and the partition's last stable
 * offset stays at its first record for good: every read_committed reader of the partition waits on it for ever (a
 * changelog's restore, a consumer of the output, and, on the offsets topic, a task's fetch of its committed position).
 * That is a broker fault, which no client can repair without losing or inventing records; the soak names it rather
 * than waiting out its whole drain bound. A transaction counts as hanging once it has been seen open, unchanged, for
 * {@link #OVERDUE}: Kafka Streams' transactions time out after 10 s, and the coordinator, which looks for timed-out
 * ones every 10 s, then aborts them, so a healthy one (a killed instance's included) ends within about 20 s.
 *
 * <p>On the application's own topics every open transaction is watched, whichever producer id holds it (a hanging
 * one may belong to a producer id the coordinator no longer lists); on the offsets topic, which other applications
 * share, only those of the producer ids the coordinator lists for the application's transactional ids.
 */
final class HangingTransactions {

    /** How long a transaction must be seen open, unchanged, to count as hanging. */
    static final Duration OVERDUE = Duration.ofSeconds(60);
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final long ADMIN_TIMEOUT_SECONDS = 10;

    private final String transactionalIdPrefix;
    private final Predicate<String> ownTopic;
    private final Map<OpenTransaction, Long> firstSeenNanos = new HashMap<>();
    private List<TransactionListing> listed = List.of();

    /** An open transaction on one partition, as the partition's leader describes it. */
    record OpenTransaction(TopicPartition partition, long producerId, int epoch, long firstOffset) {
        @Override
        public String toString() {
            return partition + " from offset " + firstOffset + " (producer id " + producerId + ", epoch " + epoch + ")";
        }
    }

    /**
     * @param applicationId the application whose producers' transactions are watched (Kafka Streams' transactional
     *                      ids start with it)
     * @param ownTopic      the application's topics, which are watched besides the offsets topic
     */
    HangingTransactions(String applicationId, Predicate<String> ownTopic) {
        this.transactionalIdPrefix = applicationId + "-";
        this.ownTopic = ownTopic;
    }

    /**
     * What one look found: whether the cluster answered, how many of the application's transactions are open, and
     * which of them have been seen open, unchanged, for {@link #OVERDUE} or more.
     */
    record Look(boolean answered, int open, List<OpenTransaction> overdue) {
    }

    /** The application's open transactions seen open, unchanged, for {@link #OVERDUE} or more (see {@link #look}). */
    List<OpenTransaction> overdue(Admin admin, long nowNanos) throws InterruptedException {
        return look(admin, nowNanos).overdue();
    }

    /**
     * Looks at the application's open transactions. A look that fails (the broker restarting) finds none and starts
     * every clock again, as the broker's outage is no time a transaction had to end in.
     */
    Look look(Admin admin, long nowNanos) throws InterruptedException {
        Set<OpenTransaction> open;
        try {
            open = open(admin);
        } catch (ExecutionException | TimeoutException e) {
            firstSeenNanos.clear();
            return new Look(false, 0, List.of());
        }
        firstSeenNanos.keySet().retainAll(open);
        List<OpenTransaction> overdue = new ArrayList<>();
        for (OpenTransaction transaction : open) {
            long since = firstSeenNanos.computeIfAbsent(transaction, t -> nowNanos);
            if (nowNanos - since >= OVERDUE.toNanos()) {
                overdue.add(transaction);
            }
        }
        return new Look(true, open.size(), overdue);
    }

    /**
     * Names the given transactions with what the transaction coordinator said of their producer ids at the last look
     * (its transactional id and state), which tells a transaction the coordinator forgot from one it still runs.
     */
    String describe(List<OpenTransaction> transactions) {
        return transactions.stream().map(transaction -> transaction + ": " + listed.stream()
                        .filter(listing -> listing.producerId() == transaction.producerId())
                        .map(listing -> "the coordinator lists " + listing.transactionalId() + " "
                                + listing.state())
                        .findFirst().orElse("the coordinator lists no transactional id of the application for it"))
                .collect(Collectors.joining("; "));
    }

    private Set<OpenTransaction> open(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        listed = admin.listTransactions().all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(t -> t.transactionalId().startsWith(transactionalIdPrefix))
                .collect(Collectors.toList());
        Set<Long> producers = listed.stream().map(TransactionListing::producerId).collect(Collectors.toSet());
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(name -> name.equals(OFFSETS_TOPIC) || ownTopic.test(name))
                .collect(Collectors.toSet());
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        Set<OpenTransaction> open = new HashSet<>();
        admin.describeProducers(partitions).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, state) -> {
                    boolean shared = partition.topic().equals(OFFSETS_TOPIC);
                    for (ProducerState producer : state.activeProducers()) {
                        if ((!shared || producers.contains(producer.producerId()))
                                && producer.currentTransactionStartOffset().isPresent()) {
                            open.add(new OpenTransaction(partition, producer.producerId(), producer.producerEpoch(),
                                    producer.currentTransactionStartOffset().getAsLong()));
                        }
                    }
                });
        return open;
    }
}
