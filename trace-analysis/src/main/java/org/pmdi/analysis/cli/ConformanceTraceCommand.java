package org.pmdi.analysis.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pmdi.analysis.conformance.ConformanceTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code conformance-trace TRACE [--requests N] [--module-lost N]}: the trace checks of
 * {@code ./pmdi conformance} (PORTING.md), one {@code PASS|FAIL name: detail} line each.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.analysis.cli.Main conformance-trace trace.pmdt --requests 11812 --module-lost 0
 * }</pre>
 */
@Command(name = "conformance-trace", mixinStandardHelpOptions = true,
        description = "Judge the trace of a conformance run: lossless, every request complete and in order.")
public final class ConformanceTraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "the debugfs recording of the whole run")
    Path trace;

    @Option(names = "--requests", paramLabel = "N", description = "requests Linux took (debugfs mailbox)")
    long requests = -1;

    @Option(names = "--module-lost", paramLabel = "N", description = "events the module lost for this reader")
    long moduleLost = -1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConformanceTrace.Result r;
        try {
            r = ConformanceTrace.check(trace, requests, moduleLost);
        } catch (IOException e) {
            // a verdict line too: the conformance script collects only PASS/FAIL lines
            spec.commandLine().getOut().println(new ConformanceTrace.Verdict("trace-lossless", false,
                    "the trace cannot be read: " + e.getMessage()).line());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("pmdi conformance-trace: " + e.getMessage());
            return ExitCodes.IO;
        }
        PrintWriter out = spec.commandLine().getOut();
        r.verdicts().forEach(v -> out.println(v.line()));
        out.flush();
        return r.pass() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
