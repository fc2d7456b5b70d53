package org.pmdi.analysis.export;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;

/**
 * Runs the exports of one trace file in a single pass: any of Perfetto JSON, CSV, CTF and
 * the NICs' frames as pcap ({@link PcapExporter}).
 *
 * <pre>{@code
 * Exports.run(trace, config, TimeRange.ALL, Path.of("t.json"), Path.of("t.csv"), Path.of("t.ctf"));
 * }</pre>
 *
 * A null output is not written. Requests still open at the end are exported too (CSV and
 * CTF), with the times they reached.
 */
public final class Exports {
    private Exports() {
    }

    /** Writes the requested outputs; returns the analyzer (finished) for further queries. */
    public static TraceAnalyzer run(Path trace, AnalysisConfig config, TimeRange range, Path perfetto, Path csv,
            Path ctf) throws IOException {
        return run(trace, config, range, perfetto, csv, ctf, null);
    }

    /** As {@link #run(Path, AnalysisConfig, TimeRange, Path, Path, Path)}, plus the NICs' frames as pcap. */
    public static TraceAnalyzer run(Path trace, AnalysisConfig config, TimeRange range, Path perfetto, Path csv,
            Path ctf, Path pcap) throws IOException {
        for (Path out : new Path[] {perfetto, csv, pcap}) {
            if (out != null && out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
        }
        TraceAnalyzer a = TraceAnalyzer.create(config);
        OutputStream pOut = null;
        PerfettoExporter p = null;
        Writer cOut = null;
        CsvExporter c = null;
        CtfExporter k = null;
        OutputStream fOut = null;
        PcapExporter f = null;
        try {
            if (perfetto != null) {
                pOut = new BufferedOutputStream(Files.newOutputStream(perfetto), 1 << 16);
                p = PerfettoExporter.create(pOut, range, a::deviceName, a::queueDepth);
                a.addEventListener(p);
                a.addRequestListener(p);
            }
            if (csv != null) {
                cOut = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), 1 << 16);
                c = CsvExporter.create(cOut, range, a::deviceName);
                a.addRequestListener(c);
            }
            if (ctf != null) {
                k = CtfExporter.create(ctf, range, a::deviceName);
                a.addEventListener(k);
                a.addRequestListener(k);
            }
            if (pcap != null) {
                fOut = new BufferedOutputStream(Files.newOutputStream(pcap), 1 << 16);
                f = PcapExporter.create(fOut, range, a.clock()::eventNs);
            }
            TraceFiles.decode(trace, f == null ? a : PcapExporter.tee(a, f));
            a.finish();
            if (c != null) {
                a.forEachOpen(c);
            }
            if (k != null) {
                a.forEachOpen(k);
            }
        } finally {
            if (p != null) {
                p.close();
            }
            if (pOut != null) {
                pOut.close();
            }
            if (c != null) {
                c.close();
            }
            if (cOut != null) {
                cOut.close();
            }
            if (k != null) {
                k.close();
            }
            if (f != null) {
                f.close();
            }
            if (fOut != null) {
                fOut.close();
            }
        }
        return a;
    }
}
