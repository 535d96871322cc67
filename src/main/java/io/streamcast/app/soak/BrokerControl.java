package io.streamcast.app.soak;

/** Restarts the Kafka broker a soak runs against, and returns once it answers again. */
@FunctionalInterface
public interface BrokerControl {

    /** For a cluster that cannot be restarted from here. */
    BrokerControl NONE = () -> {
        throw new IllegalStateException("this soak cannot restart the broker");
    };

    void restart() throws Exception;

    /** Runs {@code command} with {@code sh -c} and requires it to end with status 0. */
    static BrokerControl command(String command) {
        return () -> {
            Process process = new ProcessBuilder("sh", "-c", command).inheritIO().start();
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException("Restarting the broker with `" + command + "` ended with status "
                        + status);
            }
        };
    }
}
