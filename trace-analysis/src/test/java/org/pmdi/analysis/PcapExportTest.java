package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.cli.Main;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.trace.EventType;
import org.pmdi.trace.NetFrame;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * {@code export --pcap}: the file read back by our own reader (layout, times, order) and,
 * when installed, by tshark (dissected fields).
 */
class PcapExportTest {
    private static final long START_REAL = 1_700_000_000_123_456_789L;
    private static final long START_TSC = 5_000_000L;
    private static final long KHZ = 2_000_000; // 2 GHz: 2 cycles per ns

    @TempDir
    Path tmp;

    /** One pcap record as read back. */
    record Rec(long sec, long nsec, int caplen, long len, byte[] data) {
        long ns() {
            return sec * 1_000_000_000L + nsec;
        }
    }

    static List<Rec> read(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b23c4d);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(16)).isEqualTo(184);
        assertThat(b.getInt(20)).isEqualTo(1);
        b.position(24);
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long sec = Integer.toUnsignedLong(b.getInt());
            long nsec = Integer.toUnsignedLong(b.getInt());
            int cap = b.getInt();
            long len = Integer.toUnsignedLong(b.getInt());
            byte[] d = new byte[cap];
            b.get(d);
            out.add(new Rec(sec, nsec, cap, len, d));
        }
        return out;
    }

    /** Two Linux rings whose records arrive out of time order, and one malformed blob. */
    private Path handWritten() throws IOException {
        SessionHeader h = SessionHeader.builder().session(3, 0, START_TSC, 0, START_REAL).clock(KHZ, KHZ)
                .source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 4096))
                .source(Source.of(2, 1, 1, 1, 4096)).build();
        Path p = tmp.resolve("hand.pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(p); OutputStream o = w.asOutputStream()) {
            TraceEncoder e = TraceEncoder.create(o);
            e.header(h);
            e.event(1, EventType.CLOCK_SYNC.id(), START_TSC, 0, 0, 100, 200);
            e.event(2, EventType.CLOCK_SYNC.id(), START_TSC, 0, 0, 100, 200);
            // ring 2 first, but later in time: 3 µs after the start
            e.blob(2, EventType.NET_FRAME.id(), START_TSC + 6_000, 9, frame(1, 300, 96));
            e.blob(1, EventType.NET_FRAME.id(), START_TSC + 2_000, 8, frame(0, 60, 60));
            e.blob(1, EventType.NET_FRAME.id(), START_TSC + 4_000, 9, new byte[] {0, 0, 0, 0, 5, 0, 0, 0, 1, 2,
                3, 4, 5, 6}); // 6 bytes captured of a 5-byte frame: malformed
            e.blob(1, EventType.NET_FRAME.id(), START_TSC + 10_000, 0, frame(2, 1514, 184));
            e.flush();
        }
        return p;
    }

    private static byte[] frame(int dir, int len, int cap) {
        byte[] d = new byte[cap];
        Arrays.fill(d, (byte) (0x10 + dir));
        return new NetFrame(3, NetFrame.Direction.fromCode(dir), len, d).toBlob();
    }

    @Test
    void framesInTimeOrderWithAbsoluteTimes() throws IOException {
        Path pcap = tmp.resolve("hand.pcap");
        Exports.run(handWritten(), AnalysisConfig.defaults(), TimeRange.ALL, null, null, null, pcap);
        List<Rec> r = read(pcap);
        assertThat(r).extracting(Rec::len).containsExactly(60L, 300L, 1514L);
        assertThat(r).extracting(Rec::caplen).containsExactly(60, 96, 184);
        assertThat(r).extracting(Rec::ns).containsExactly(START_REAL + 1_000, START_REAL + 3_000, START_REAL + 5_000);
        assertThat(r.get(1).data()).containsOnly((byte) 0x11);
        assertThat(r.get(2).data()).as("a dropped frame is exported too").containsOnly((byte) 0x12);
    }

    @Test
    void theRangeLimitsTheFrames() throws IOException {
        Path pcap = tmp.resolve("range.pcap");
        Exports.run(handWritten(), AnalysisConfig.defaults(), TimeRange.of(2_000, 4_000), null, null, null, pcap);
        assertThat(read(pcap)).extracting(Rec::len).containsExactly(300L);
    }

    private Path echoTrace() throws IOException {
        return GeneratedTraces.write(tmp.resolve("echo.pmdt"), 21, s -> {
            GeneratedTraces.netEcho(s, 3, 1_000_000L);
            s.drop(3, GeneratedTraces.toAp(500), 96);
        });
    }

    @Test
    void cliWritesThePcap() throws IOException {
        Path trace = echoTrace();
        Path pcap = tmp.resolve("cli.pcap");
        StringWriter err = new StringWriter();
        int rc = Main.commandLine().setErr(new PrintWriter(err))
                .execute("export", "--pcap", pcap.toString(), trace.toString());
        assertThat(rc).as(err.toString()).isZero();
        List<Rec> r = read(pcap);
        assertThat(r).hasSize(7);
        assertThat(r).extracting(Rec::ns).isSorted();
        assertThat(r.get(0).ns()).isGreaterThanOrEqualTo(0); // the script's session starts at real time 0
    }

    @Test
    void aTraceWithoutFramesSaysSo() throws IOException {
        Path trace = GeneratedTraces.write(tmp.resolve("h.pmdt"), 2, s -> GeneratedTraces.healthy(s, 8, 2));
        Path pcap = tmp.resolve("none.pcap");
        StringWriter err = new StringWriter();
        int rc = Main.commandLine().setErr(new PrintWriter(err))
                .execute("export", "--pcap", pcap.toString(), trace.toString());
        assertThat(rc).isZero();
        assertThat(err.toString()).contains("no NET_FRAME record");
        assertThat(read(pcap)).isEmpty();
    }

    static boolean tshark() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void tsharkDissectsTheFrames() throws IOException, InterruptedException {
        assumeTrue(tshark(), "tshark is not installed (scripts/setup.sh installs it)");
        Path pcap = tmp.resolve("echo.pcap");
        Exports.run(echoTrace(), AnalysisConfig.defaults(), TimeRange.ALL, null, null, null, pcap);
        Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-T", "fields", "-e", "frame.len", "-e",
                "frame.cap_len", "-e", "eth.src", "-e", "ip.dst", "-e", "udp.srcport", "-e", "udp.dstport")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> lines = out.lines().toList();
        // netEcho: payloads 1, 38, 75: rx to the AP's port 7, then its echo from port 7; then a drop
        List<String> want = new ArrayList<>();
        for (int payload : new int[] {1, 38, 75}) {
            int len = 14 + 20 + 8 + payload;
            want.add(len + "\t" + Math.min(len, 96) + "\t52:54:00:12:35:02\t10.0.2.15\t40000\t7");
            want.add(len + "\t" + Math.min(len, 96) + "\t52:54:00:50:4d:41\t10.0.2.2\t7\t40000");
        }
        want.add("542\t96\t52:54:00:12:35:02\t10.0.2.15\t40000\t7");
        assertThat(lines).containsExactlyElementsOf(want);
    }
}
