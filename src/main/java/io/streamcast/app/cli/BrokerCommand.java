package io.streamcast.app.cli;

import io.streamcast.app.broker.EmbeddedKafkaBroker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "broker", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs a single-node Kafka broker in this JVM, prints 'bootstrap.servers=HOST:PORT' and stops"
                + " when its standard input closes; the bench runs its broker this way, apart from what it measures.")
final class BrokerCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            System.out.println("bootstrap.servers=" + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the parent closes our standard input, or dies.
            }
        }
        return 0;
    }
}
