package io.streamcast.testing.kafka;

import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft cluster (combined broker and controller) inside the test JVM. */
final class EmbeddedKafkaCluster implements KafkaCluster, AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static EmbeddedKafkaCluster start() {
        return new EmbeddedKafkaCluster(startOneNode(SecurityProtocol.PLAINTEXT, Map.of()));
    }

    /**
     * Formats and starts a one-node cluster whose broker listener speaks {@code protocol}, with the settings every
     * test cluster shares and {@code settings} over them.
     */
    static KafkaClusterTestKit startOneNode(SecurityProtocol protocol, Map<String, String> settings) {
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(protocol)
                    .build())
                    // One node: internal topics get one replica, and new groups need not wait for members.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    // A transaction of a killed instance holds read_committed readers and its group's committed offsets
                    // until the broker aborts it, which it looks for every 10 s by default: up to 10 s past its timeout
                    .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // Tests whose threads fail and are replaced wait out the failed member's session each time:
                    // they may set one shorter than Kafka's lowest by default, 6 s (StreamcastFixture.SHORT_SESSIONS)
                    .setConfigProp("group.min.session.timeout.ms", "1000")
                    // and groups on the streams protocol, whose sessions the broker sets per group
                    .setConfigProp("group.streams.min.session.timeout.ms", "1000")
                    .setConfigProp("group.streams.min.heartbeat.interval.ms", "500");
            settings.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-JVM Kafka cluster (" + protocol + ")", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
