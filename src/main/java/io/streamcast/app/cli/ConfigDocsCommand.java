package io.streamcast.app.cli;

import io.streamcast.app.ConfigDocs;
import io.streamcast.config.StreamcastConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "config-docs", mixinStandardHelpOptions = true,
        description = "Prints the table of Streamcast settings (Markdown).")
final class ConfigDocsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(ConfigDocs.markdown(StreamcastConfig.definition()));
        return 0;
    }
}
