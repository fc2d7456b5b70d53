package org.pmdi.analysis.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The analysis CLI: {@code report}, {@code export}, {@code diff} and {@code conformance-trace}.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.analysis.cli.Main report TRACE [--json] [--budget vdb=p99:5]
 * java -cp ... org.pmdi.analysis.cli.Main export TRACE --perfetto out.json [--from 1s --to 2s]
 * java -cp ... org.pmdi.analysis.cli.Main diff BASE NEW [--json] [--fail-on vdb:p99:+20%]
 * java -cp ... org.pmdi.analysis.cli.Main conformance-trace TRACE [--requests N] [--module-lost N]
 * }</pre>
 */
@Command(name = "pmdi", mixinStandardHelpOptions = true, subcommands = {ReportCommand.class, ExportCommand.class,
        DiffCommand.class, ConformanceTraceCommand.class},
        description = "pmdi trace analysis")
public final class Main {
    private Main() {
    }

    /** A configured command line (for tests: set out/err, then execute). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()); // picocli exits 2 (ExitCodes.USAGE) on invalid input
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        // UTF-8 whatever the locale: the diff's words use →, × and µ
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        System.exit(cl.execute(args));
    }
}
