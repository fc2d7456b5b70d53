package org.pmdi.analysis.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pmdi.analysis.diff.DiffConfig;
import org.pmdi.analysis.diff.DiffJson;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.DiffText;
import org.pmdi.analysis.diff.FailRule;
import org.pmdi.analysis.diff.TraceDiff;
import org.pmdi.analysis.findings.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code diff BASE NEW [--json] [--fail-on SPEC]... [--min-effect X] [--resolution DURATION]}: what changed between two
 * traces, per device, op, size class and phase, with confidence intervals; exit 1 when a
 * {@code --fail-on} rule trips.
 *
 * <pre>{@code
 * ./pmdi diff before.pmdt after.pmdt --fail-on vdb:p99:+20% --fail-on any:errors
 * }</pre>
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two traces: per device, op and size class, each phase's p50/p90/p99 with a"
                + " bootstrap confidence interval of the ratio new/base (corrected for the number of comparisons);"
                + " failure rates, findings that appeared or disappeared, devices on one side only. Exit 1 when a"
                + " --fail-on rule trips.")
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "the reference trace (.pmdt)")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "the trace to compare with it (.pmdt)")
    Path neu;

    @Option(names = "--json", description = "write JSON instead of text")
    boolean json;

    @Option(names = "--all", description = "text: also every group's table (each phase's count and p50/p90/p99/max"
            + " on both sides, each compared percentile's ratio)")
    boolean all;

    @Option(names = "--fail-on", paramLabel = "SPEC",
            description = "exit 1 when: DEV:STAT:+P%% (e.g. vdb:p99:+20%%, any:p50:+10%%; optionally a phase,"
                    + " vdb:driver:p99:+20%%) a change's lower confidence bound exceeds 1+P/100; DEV:errors"
                    + " (e.g. any:errors) the device's failure rate got worse; repeatable")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--min-effect", paramLabel = "X",
            description = "smallest ratio reported as significant (default 1.25: 25%% slower or 1/1.25 faster)")
    Double minEffect;

    @Option(names = "--resolution", paramLabel = "DURATION",
            description = "compare values no finer than this (default 10us; e.g. 1us on bare metal): a smaller"
                    + " value counts as this much")
    String resolution;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<FailRule> rules = new ArrayList<>();
        DiffConfig config = DiffConfig.defaults();
        try {
            for (String f : failOn) {
                rules.add(FailRule.parse(f));
            }
            if (resolution != null) {
                config = config.withResolutionNs(Durations.parse(resolution));
            }
            if (minEffect != null) {
                config = config.withMinEffect(minEffect);
            }
        } catch (IllegalArgumentException e) {
            err.println("pmdi diff: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        DiffReport r;
        try {
            r = TraceDiff.compare(base, neu, config);
        } catch (IOException e) {
            err.println("pmdi diff: " + e.getMessage()); // names the file and what is wrong
            return ExitCodes.IO;
        }
        for (FailRule f : rules) {
            if (!f.knows(r)) {
                err.println("pmdi diff: --fail-on " + f.spec() + ": neither trace has a device " + f.device());
                return ExitCodes.USAGE;
            }
        }
        List<FailRule.Result> tripped = FailRule.tripped(rules, r);
        int code = tripped.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DiffJson.write(r, tripped, code, bytes);
                out.print(bytes.toString(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                return ExitCodes.IO;
            }
        } else {
            DiffText.write(r, tripped, all, out);
        }
        return code;
    }
}
