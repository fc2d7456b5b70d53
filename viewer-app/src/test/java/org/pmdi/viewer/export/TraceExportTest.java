package org.pmdi.viewer.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.viewer.TestTraces;

/** The viewer's export menu goes through trace-analysis's exporters, whole trace or a range. */
class TraceExportTest {
    @Test
    void wholeTraceAndVisibleRange(@TempDir Path dir) throws Exception {
        Path trace = TestTraces.slowDisk();
        Path json = TraceExport.run(trace, TraceExport.Format.PERFETTO, 1, 0, dir.resolve("t.json"));
        Path csv = TraceExport.run(trace, TraceExport.Format.CSV, 1, 0, dir.resolve("t.csv"));
        Path part = TraceExport.run(trace, TraceExport.Format.CSV, 100_000_000, 110_000_000, dir.resolve("p.csv"));
        Path ctf = TraceExport.run(trace, TraceExport.Format.CTF, 1, 0, dir.resolve("ctf"));
        assertThat(Files.readString(json)).contains("traceEvents");
        long all = Files.lines(csv).count();
        long some = Files.lines(part).count();
        assertThat(all).isGreaterThan(20_000);
        assertThat(some).isGreaterThan(1).isLessThan(all / 10);
        assertThat(ctf.resolve("metadata")).isNotEmptyFile();
    }
}
