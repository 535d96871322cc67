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

    /**
     * A cluster that also authorises: its client user may do only what ACLs grant it, which an administrator
     * ({@link #administratorSettings}) grants.
     */
    public static SaslKafkaCluster startAuthorising() {
        return new SaslKafkaCluster(EmbeddedKafkaCluster.startOneNode(SecurityProtocol.SASL_PLAINTEXT,
                Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "super.users", "User:ANONYMOUS;User:" + JaasUtils.KAFKA_PLAIN_ADMIN)));
    }

    /** The name of the client user, for ACLs. */
    public static String clientUser() {
        return JaasUtils.KAFKA_PLAIN_USER1;
    }

    /** Client settings of the cluster's administrator, who may do anything, with its bootstrap servers. */
    public Map<String, Object> administratorSettings() {
        return Map.of("bootstrap.servers", bootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(JaasUtils.KAFKA_PLAIN_ADMIN,
                        JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD));
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
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
                "sasl.jaas.config", jaas(JaasUtils.KAFKA_PLAIN_USER1, password));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
