package org.pmdi.analysis.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.report.Budget;
import org.pmdi.analysis.report.JsonReport;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.report.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code report TRACE [--json] [--budget DEV=p99:MS|DEV=errors:N|DEV=errors:P% ...]}: the
 * summary, exit 1 when stuck requests (or another error finding) exist or a budget is broken;
 * an error budget that holds excuses its device's driver errors and malformed requests
 * ({@link Verdict}).
 *
 * <pre>{@code
 * ./pmdi report run.pmdt --budget vdb=p99:5 --budget vdb=errors:1% --json
 * }</pre>
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Summarize a trace: devices, failed requests, latency, findings, stuck requests. Exit 1 when"
                + " a stuck request, an AP fault, a silent AP, a channel Linux declared broken, driver errors or"
                + " malformed requests are found (the last two unless an error budget of their device holds),"
                + " or a budget is broken.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "a .pmdt trace file")
    Path trace;

    @Option(names = "--json", description = "write JSON instead of text")
    boolean json;

    @Option(names = "--budget", paramLabel = "DEV=PCT:MS|DEV=errors:N[%]",
            description = "budget on a device: its total latency of successful requests (vdb=p99:5, ms), or its"
                    + " failed requests, a count or a rate (vdb=errors:0, vdb=errors:10, vdb=errors:0.5%%);"
                    + " repeatable")
    List<String> budgets = new ArrayList<>();

    @Mixin
    AnalysisOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Budget> parsed = new ArrayList<>();
        AnalysisConfig config;
        try {
            for (String b : budgets) {
                parsed.add(Budget.parse(b));
            }
            config = options.config();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pmdi report: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        AnalysisSnapshot s;
        try {
            s = TraceFiles.analyze(trace, config);
        } catch (IOException e) {
            spec.commandLine().getErr().println("pmdi report: " + e.getMessage()); // names the file and what is wrong
            return ExitCodes.IO;
        }
        String unknown = options.unknownDevice(s.devices());
        if (unknown != null) {
            spec.commandLine().getErr().println("pmdi report: " + unknown);
            return ExitCodes.USAGE;
        }
        List<Budget.Result> results = parsed.stream().map(b -> b.check(s)).toList();
        int code = Verdict.fails(s, results) ? ExitCodes.FINDINGS : ExitCodes.OK;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                var bytes = new java.io.ByteArrayOutputStream();
                JsonReport.write(s, results, code, bytes);
                out.print(bytes.toString(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                return ExitCodes.IO;
            }
        } else {
            TextReport.write(s, results, out);
        }
        return code;
    }
}
