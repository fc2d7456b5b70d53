package org.pmdi.analysis;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.synth.StopAt;

/**
 * Diff tests: a small trace in, the report and the request table out, compared with the
 * committed files in src/test/resources/expected/ (regenerate with -Dpmdi.update=true).
 */
class DiffTest {
    @TempDir
    static Path tmp;

    static Stream<Arguments> traces() {
        return Stream.of(Arguments.of("golden-all-events", (Source) d -> Path.of("../trace-format/golden/v0/all-events.pmdt")),
                Arguments.of("golden-edge-values", (Source) d -> Path.of("../trace-format/golden/v0/edge-values.pmdt")),
                Arguments.of("golden-loss-and-corruption",
                        (Source) d -> Path.of("../trace-format/golden/v0/loss-and-corruption.pmdt")),
                Arguments.of("gen-healthy", (Source) d -> GeneratedTraces.write(d.resolve("h.pmdt"), 11,
                        s -> GeneratedTraces.healthy(s, 40, 11))),
                Arguments.of("gen-slow-vdb", (Source) d -> GeneratedTraces.write(d.resolve("s.pmdt"), 12,
                        s -> GeneratedTraces.slowVdb(s, 120, 12, 8))),
                Arguments.of("gen-two-windows", (Source) d -> GeneratedTraces.write(d.resolve("w.pmdt"), 14, s -> {
                    GeneratedTraces.healthy(s, 40, 14);
                    s.idle(1_100_000_000L);
                    GeneratedTraces.slowVdb(s, 40, 15, 5);
                })),
                Arguments.of("gen-in-driver", (Source) d -> GeneratedTraces.write(d.resolve("i.pmdt"), 13,
                        s -> GeneratedTraces.oneStuck(s, StopAt.IN_DRIVER))),
                Arguments.of("gen-channel-broken", (Source) d -> GeneratedTraces.write(d.resolve("c.pmdt"), 16,
                        GeneratedTraces::channelBroken)));
    }

    @FunctionalInterface
    interface Source {
        Path make(Path dir) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void reportAndRequestTable(String name, Source source) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path trace = source.make(dir);
        AnalysisSnapshot s = TraceFiles.analyze(trace, AnalysisConfig.defaults());
        StringWriter w = new StringWriter();
        TextReport.write(s, List.of(), new PrintWriter(w));
        Expected.matches(name + ".report.txt", w.toString());
        Path csv = dir.resolve("requests.csv");
        Exports.run(trace, AnalysisConfig.defaults(), TimeRange.ALL, null, csv, null);
        Expected.matches(name + ".requests.csv", Files.readString(csv));
    }
}
