package io.streamcast.testing.kafka;

import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * A one-node KRaft cluster inside the test JVM whose clients must authenticate (SASL/PLAIN over plaintext), as a
 * managed cluster asks of them. Its one client user may do anything, so that what is tested is the authentication
 * every client of an application must pass, not authorisation.
 */
public final class SaslKafkaCluster implements KafkaCluster, AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private SaslKafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static SaslKafkaCluster start() {
        // the test kit's users (its JAAS file): the broker's own, the controller's listener (no SASL) and the one
        // client user, allowed everything
        return new SaslKafkaCluster(EmbeddedKafkaCluster.startOneNode(SecurityProtocol.SASL_PLAINTEXT,
                Map.of("super.users", "User:ANONYMOUS;User:" + JaasUtils.KAFKA_PLAIN_ADMIN
                        + ";User:" + JaasUtils.KAFKA_PLAIN_USER1)));
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public Map<String, Object> clientSettings() {
        return clientSettings(JaasUtils.KAFKA_PLAIN_USER1_PASSWORD);
    }

    /** The client settings of the cluster's client user, with {@code password}. */
    public static Map<String, Object> clientSettings(String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + JaasUtils.KAFKA_PLAIN_USER1 + "\" password=\"" + password + "\";");
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
