package org.pmdi.analysis.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.report.JsonReport;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.synth.HostileTraces;

/**
 * One hostile trace ({@link HostileTraces}) through everything the CLI does with a trace:
 * the analysis, the text and JSON reports, the Perfetto, CSV, CTF and pcap exports; and the
 * analysis on two threads (as `report` runs a large file), which must end with the same
 * report as on one. Used by the property (a few hundred seeds per test run) and by the bench
 * (thousands).
 */
final class HostileCheck {
    private HostileCheck() {
    }

    /** The records analysed; throws whatever the tools throw (the property and the bench catch it). */
    static long run(Path dir, long seed, int records) throws IOException {
        Path trace = HostileTraces.write(dir.resolve("hostile.pmdt"), seed, records);
        TraceAnalyzer a = Exports.run(trace, AnalysisConfig.defaults(), TimeRange.ALL, dir.resolve("p.json"),
                dir.resolve("r.csv"), dir.resolve("ctf"), dir.resolve("f.pcap"));
        AnalysisSnapshot s = a.snapshot();
        StringWriter text = new StringWriter();
        TextReport.write(s, List.of(), new PrintWriter(text));
        JsonReport.write(s, List.of(), 0, new ByteArrayOutputStream());
        if (!text.toString().startsWith("trace: ")) {
            throw new AssertionError("the text report does not start with its trace line: " + text);
        }
        String one = json(trace, false);
        String two = json(trace, true);
        if (!one.equals(two)) {
            throw new AssertionError("seed " + seed + ": the analysis on two threads ends otherwise than on one:\n"
                    + one + "\n" + two);
        }
        return a.events();
    }

    private static String json(Path trace, boolean twoThreads) throws IOException {
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        if (twoThreads) {
            TraceFiles.decodeOnTwoThreads(trace, a);
        } else {
            TraceFiles.decodeOnOneThread(trace, a);
        }
        a.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReport.write(a.snapshot(), List.of(), 0, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
