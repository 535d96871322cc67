package io.streamcast.app;

import org.apache.kafka.common.config.ConfigException;

/**
 * A setting that the cluster as it stands cannot take (the application's group, its topics), found by a start-up
 * check before Kafka Streams starts: refused as a bad setting is, in one line with exit status 2, for the setting or
 * the cluster is what an operator changes to mend it.
 */
public final class ClusterMismatch extends ConfigException {

    ClusterMismatch(String message) {
        super(message);
    }
}
