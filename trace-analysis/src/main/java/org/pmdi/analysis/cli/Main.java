package org.pmdi.analysis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The analysis CLI: {@code report} and {@code export}.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.analysis.cli.Main report TRACE [--json] [--budget vdb=p99:5]
 * java -cp ... org.pmdi.analysis.cli.Main export TRACE --perfetto out.json [--from 1s --to 2s]
 * }</pre>
 */
@Command(name = "pmdi", mixinStandardHelpOptions = true, subcommands = {ReportCommand.class, ExportCommand.class},
        description = "pmdi trace analysis")
public final class Main {
    private Main() {
    }

    /** A configured command line (for tests: set out/err, then execute). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()); // picocli exits 2 (ExitCodes.USAGE) on invalid input
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
