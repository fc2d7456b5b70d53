package org.pmdi.analysis.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.report.JsonReport;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.synth.HostileTraces;

/**
 * Whatever well-formed records a buggy AP writes ({@link HostileTraces}), the analysis, the
 * text and JSON reports and every export finish without an exception: a crash would hide
 * the diagnosis the developer of that AP needs most. 3000 seeds ran clean when this was
 * written; `./pmdi test` runs 150.
 */
class HostileRecordsProperties {
    private Path dir;

    @Property(tries = 150)
    void anyRecordsAnalysedReportedAndExportedWithoutAnException(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 400) int records) throws IOException {
        dir = Files.createTempDirectory("pmdi-hostile");
        Path trace = HostileTraces.write(dir.resolve("hostile.pmdt"), seed, records);
        TraceAnalyzer a = Exports.run(trace, AnalysisConfig.defaults(), TimeRange.ALL, dir.resolve("p.json"),
                dir.resolve("r.csv"), dir.resolve("ctf"), dir.resolve("f.pcap"));
        AnalysisSnapshot s = a.snapshot();
        StringWriter text = new StringWriter();
        TextReport.write(s, List.of(), new PrintWriter(text));
        JsonReport.write(s, List.of(), 0, new ByteArrayOutputStream());
        assertThat(text.toString()).startsWith("trace: ");
        assertThat(a.events()).isEqualTo(records);
    }

    @AfterTry
    void removeFiles() throws IOException {
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
