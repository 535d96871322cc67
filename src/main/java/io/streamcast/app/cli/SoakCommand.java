package io.streamcast.app.cli;

import io.streamcast.app.SettingsLoader;
import io.streamcast.app.soak.BrokerControl;
import io.streamcast.app.soak.BrokerFaultException;
import io.streamcast.app.soak.SoakPlan;
import io.streamcast.app.soak.SoakReport;
import io.streamcast.app.soak.SoakRun;
import io.streamcast.app.soak.SoakSetupException;
import io.streamcast.config.StreamcastConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Kill -9 soak against your cluster: runs instances of `run` in processes of their own on topics"
                + " and an application id of this run's, kills one (a ready one where any is) with SIGKILL at random"
                + " moments while events stream in (replacing it at once, every few times on an empty state"
                + " directory), restarts the"
                + " broker when given a command for it, then checks with a read_committed consumer that every event"
                + " has exactly one prediction, that no key's model version went back and, with training off, that"
                + " every prediction equals an uninterrupted run's. Exits 0 when all holds, 1 otherwise.")
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Settings that reach your cluster and schema registry, as `run` reads them"
                    + " (bootstrap.servers, schema.registry.url, security); the environment applies too.")
    Path configFile;

    @Option(names = "--instances", defaultValue = "2",
            description = "Instances kept running (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--kills", defaultValue = "20", description = "SIGKILLs (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--broker-restart-command", paramLabel = "CMD",
            description = "Shell command that restarts your broker and returns once it is back; run once, mid-stream.")
    String brokerRestartCommand;

    @Option(names = "--keys", defaultValue = "10", description = "Keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--events-per-key", defaultValue = "2000",
            description = "Events per key (default: ${DEFAULT-VALUE}).")
    int eventsPerKey;

    @Option(names = "--rate", defaultValue = "200", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--training", description = "Train models while soaking, in small frequent rounds unless your"
            + " settings say otherwise (predictions are then not compared with an uninterrupted run's).")
    boolean training;

    @Option(names = "--fresh-state-every", defaultValue = "3",
            description = "Every this many restarts, start on an empty state directory (default: ${DEFAULT-VALUE}).")
    int freshStateEvery;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the events and kills (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the instances' settings, state and logs go (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--delete-topics", description = "Delete the run's topics and group once it has checked them,"
            + " whatever it found, and stopped its instances: every static member of the group is taken for one of"
            + " them and removed, though a streams group (group.protocol=streams) keeps its static members, and"
            + " stays, until their sessions time out (default: they stay on the cluster, so that a failed run can be"
            + " looked into).")
    boolean deleteTopics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        // a bad setting throws a ConfigException, which UserErrors reports in one line
        Map<String, Object> settings = SettingsLoader.load(configFile, System.getenv(), System.err::println);
        SharedRegistry.require(new StreamcastConfig(settings),
                "the events soak sends are read by the instances it starts");
        SoakPlan plan;
        try {
            plan = new SoakPlan(instances, kills, brokerRestartCommand == null ? 0 : 1, keys, eventsPerKey, rate,
                    training, freshStateEvery, seed);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        BrokerControl broker = brokerRestartCommand == null ? BrokerControl.NONE
                : BrokerControl.command(brokerRestartCommand);
        Path directory = workDir != null ? Files.createDirectories(workDir)
                : Files.createTempDirectory("streamcast-soak-");
        SoakReport report;
        try {
            report = new SoakRun(settings, plan, broker, directory, System.out, deleteTopics).run();
        } catch (BrokerFaultException e) {
            err.println(e.getMessage());
            return 1;
        } catch (SoakSetupException e) {
            err.println("soak: " + UserErrors.withCause(e));
            return 1;
        }
        System.out.println(report.line());
        if (report.caveat() != null) {
            System.err.println(report.caveat());
        }
        return report.clean() ? 0 : 1;
    }
}
