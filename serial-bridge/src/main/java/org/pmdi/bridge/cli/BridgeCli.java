package org.pmdi.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The bridge's command line: {@code attach} and {@code record} (run by {@code ./pmdi attach}
 * and {@code ./pmdi record}).
 *
 * <pre>{@code
 * java -cp ... org.pmdi.bridge.cli.BridgeCli attach --port /dev/pts/3
 * java -cp ... org.pmdi.bridge.cli.BridgeCli record --tcp localhost:4555 -o run.pmdt
 * int exit = BridgeCli.run("record", "--file", "in.pmdt", "-o", "out.pmdt", "-q");
 * }</pre>
 */
@Command(name = "pmdi", mixinStandardHelpOptions = true, subcommands = {AttachCommand.class, RecordCommand.class},
        description = "Read a pmdi trace stream live: attach, record.")
public final class BridgeCli {
    private BridgeCli() {
    }

    /** Runs the command line {@code args}; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new BridgeCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
