package org.pmdi.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.BridgeState;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.bridge.TestTraces;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/** The command line, in process. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BridgeCliTest {
    @TempDir
    Path dir;

    @Test
    void recordFromAFileWritesAFinishedTrace() throws Exception {
        Path in = dir.resolve("in.pmdt");
        Files.write(in, TestTraces.stream(TestTraces.requests(100, 100)));
        Path out = dir.resolve("out.pmdt");
        assertThat(BridgeCli.run("record", "--file", in.toString(), "-o", out.toString(), "-q")).isZero();
        try (MappedTraceReader r = MappedTraceReader.open(out)) {
            assertThat(r.indexFromTrailer()).isTrue();
            assertThat(r.read(TraceItems.visitor(x -> { })).events()).isEqualTo(600);
        }
    }

    @Test
    void attachReplaysWithARecording() throws Exception {
        Path in = dir.resolve("in.pmdt");
        Files.write(in, TestTraces.stream(TestTraces.requests(50, 100)));
        Path out = dir.resolve("again.pmdt");
        assertThat(BridgeCli.run("attach", "--replay", in.toString(), "--speed", "max", "--record", out.toString(),
                "--progress-ms", "50")).isZero();
        try (MappedTraceReader r = MappedTraceReader.open(out)) {
            assertThat(r.read(TraceItems.visitor(x -> { })).events()).isEqualTo(300);
        }
    }

    @Test
    void badUsageAndMissingInputFail() {
        assertThat(BridgeCli.run("record", "--file", "x")).isNotZero();
        assertThat(BridgeCli.run("attach", "--port", "/dev/pts/1", "--tcp", "h:1")).isNotZero();
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(BridgeCli.run("attach", "--file", dir.resolve("missing").toString(), "-q")).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        // the path once, then what is wrong with it (the JDK's message is the path again)
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("missing: no such file");
    }

    /** A value out of range is a usage error (2) that names its option. */
    @Test
    void badValuesNameTheirOption() throws Exception {
        Path in = dir.resolve("in.pmdt");
        Files.write(in, TestTraces.stream(TestTraces.requests(5, 100)));
        String[][] cases = {
            {"--duration=-1", "--duration -1.0: must be 0"},
            {"--flush-ms=-5", "--flush-ms -5: must be 0..10000 ms"},
            {"--progress-ms=0", "--progress-ms 0: must be 50..60000 ms"},
        };
        for (String[] c : cases) {
            assertThat(stderrOf(() -> assertThat(BridgeCli.run("attach", "--file", in.toString(), "-q", c[0]))
                    .as(c[0]).isEqualTo(2))).contains("pmdi: " + c[1]);
        }
        assertThat(stderrOf(() -> assertThat(BridgeCli.run("attach", "--replay", in.toString(), "--speed", "-1", "-q"))
                .isEqualTo(2))).contains("pmdi: --speed -1: ");
        assertThat(stderrOf(() -> assertThat(BridgeCli.run("attach", "--tcp", "nohost", "-q")).isEqualTo(2)))
                .contains("pmdi: --tcp nohost: ");
        assertThat(stderrOf(() -> assertThat(BridgeCli.run("record", "--file", in.toString(), "-q", "-o",
                "/proc/no-such-dir/x.pmdt")).isEqualTo(1))).contains("cannot record to /proc/no-such-dir")
                .containsOnlyOnce("/proc/no-such-dir");
    }

    /** What {@code r} printed on System.err. */
    private static String stderrOf(Runnable r) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setErr(saved);
        }
        return err.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** FORMAT.md §9: a trace whose only header is of an unknown version is refused by name. */
    @Test
    void attachRefusesAFileOfAnUnknownFormatVersion() throws Exception {
        // the same trace twice: as written, and with another version's magic in its header
        byte[] blob = org.pmdi.trace.codec.HeaderCodec.encode(TestTraces.HEADER);
        blob[org.pmdi.trace.FormatVersion.VERSION_BYTE] = (byte) 0xFE;
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(0);
        for (byte[] f : org.pmdi.trace.codec.Frames.headerFrames(TestTraces.HEADER.sessionId(), blob)) {
            o.write(f);
        }
        org.pmdi.trace.codec.TraceEncoder enc = org.pmdi.trace.codec.TraceEncoder.create(o);
        for (org.pmdi.trace.TraceEvent e : TestTraces.requests(10, 100)) {
            enc.event(e);
        }
        enc.flush();
        Path future = dir.resolve("future.pmdt");
        Files.write(future, o.toByteArray());
        Path ok = dir.resolve("ok.pmdt");
        Files.write(ok, TestTraces.stream(TestTraces.requests(10, 100)));
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int refused;
        int accepted;
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            refused = BridgeCli.run("attach", "--file", future.toString(), "-q");
            accepted = BridgeCli.run("attach", "--file", ok.toString(), "-q");
        } finally {
            System.setErr(saved);
        }
        assertThat(refused).isEqualTo(1);
        assertThat(accepted).isZero();
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("trace format version 254 is not known to this decoder (it reads 0 and 1)")
                .doesNotContain("version 1 is not known");
    }

    @Test
    void progressLineShowsTheCounters() {
        BridgeStats before = new BridgeStats(BridgeState.CONNECTED, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, null, null);
        BridgeStats now = new BridgeStats(BridgeState.CONNECTED, 3 << 20, 10, 2, 0, 3000, 1, 4, 3, 1, 0, 0, null,
                null);
        assertThat(ProgressLine.format("serial /dev/pts/3", now, before, 0.5)).isEqualTo(
                "serial /dev/pts/3 CONNECTED | 3.0 MiB | 3000 events (4000/s) | lost 5 | corrupt 2 | outstanding 3 | gaps 1");
    }
}
