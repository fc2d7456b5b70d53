package org.pmdi.analysis.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.trace.EventType;
import org.pmdi.trace.file.IoWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code export TRACE --perfetto|--csv|--ctf|--pcap OUT [--from T --to T]}.
 *
 * <pre>{@code
 * ./pmdi export run.pmdt --perfetto run.json --from 1.5s --to 2s
 * ./pmdi export run.pmdt --ctf run-ctf && babeltrace2 run-ctf
 * ./pmdi export --pcap run.pcap run.pmdt && tshark -r run.pcap
 * }</pre>
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a trace (or a time range of it) as Chrome/Perfetto JSON, CSV of requests, CTF 1.8,"
                + " or the NICs' frames as pcap.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "a .pmdt trace file")
    Path trace;

    @Option(names = "--perfetto", paramLabel = "OUT.json", description = "Chrome/Perfetto trace-event JSON")
    Path perfetto;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "one row per request")
    Path csv;

    @Option(names = "--ctf", paramLabel = "DIR", description = "CTF 1.8 directory (babeltrace2 reads it)")
    Path ctf;

    @Option(names = "--pcap", paramLabel = "OUT.pcap", description = "the NICs' frames (sent, received and dropped;"
            + " the first trace_snap bytes of each) as pcap with absolute nanosecond times")
    Path pcap;

    @Option(names = "--from", paramLabel = "T", description = "start of the range, e.g. 1.5s (since the trace start)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "end of the range (exclusive)")
    String to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (perfetto == null && csv == null && ctf == null && pcap == null) {
            spec.commandLine().getErr().println("pmdi export: give --perfetto, --csv, --ctf or --pcap");
            return ExitCodes.USAGE;
        }
        TimeRange range;
        try {
            range = TimeRange.of(from == null ? Long.MIN_VALUE : Durations.parse(from),
                    to == null ? Long.MAX_VALUE : Durations.parse(to));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pmdi export: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            // the exports write what happened: no threshold or search path changes them, so
            // export takes none of report's analysis options
            TraceAnalyzer a = Exports.run(trace, AnalysisConfig.defaults(), range, perfetto, csv, ctf, pcap);
            if (pcap != null && a.snapshot().eventCounts().getOrDefault(EventType.NET_FRAME.name(), 0L) == 0) {
                spec.commandLine().getErr().println("pmdi export: no NET_FRAME record in " + trace
                        + " (no NIC, or frame capture off: trace_snap=0 or the frame class masked): " + pcap
                        + " has no frames");
            }
        } catch (IOException | UncheckedIOException e) {
            // an output's failure names that output (the trace's own errors name the trace)
            Throwable c = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
            spec.commandLine().getErr().println("pmdi export: " + IoWords.of(c));
            return ExitCodes.IO;
        }
        return ExitCodes.OK;
    }
}
