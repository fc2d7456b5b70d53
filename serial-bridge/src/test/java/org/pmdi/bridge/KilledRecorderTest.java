package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.cli.BridgeCli;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/**
 * The recorder as a separate JVM ({@code BridgeCli record}), killed with SIGKILL mid-stream:
 * the file opens, its index is rebuilt, and it holds every event up to the last flushed frame
 * (the frame that was still arriving is not in it).
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class KilledRecorderTest {
    @TempDir
    Path dir;

    @Test
    void killedRecorderLeavesAReadableFileUpToTheLastFlushedFrame() throws Exception {
        List<TraceEvent> events = TestTraces.requests(2000, 100);
        byte[] stream = TestTraces.stream(events);
        // a frame cut in the middle: its bytes arrive, its delimiter never does
        byte[] extra = TestTraces.stream(TestTraces.requests(2001, 100).subList(12000, 12006));
        byte[] cut = Arrays.copyOfRange(extra, 1, extra.length / 2);
        Path out = dir.resolve("killed.pmdt");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    BridgeCli.class.getName(), "record", "--tcp", "127.0.0.1:" + server.getLocalPort(), "-o",
                    out.toString(), "--flush-ms", "20", "-q")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            try {
                server.setSoTimeout(20_000);
                try (Socket s = server.accept()) {
                    OutputStream w = s.getOutputStream();
                    w.write(stream);
                    w.write(cut);
                    w.flush();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (eventsIn(out) < events.size()) {
                        assertThat(System.nanoTime()).as("recorder log: %s", log()).isLessThan(deadline);
                        Thread.sleep(50);
                    }
                    p.destroyForcibly();
                    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                p.destroyForcibly();
            }
        }
        try (MappedTraceReader r = MappedTraceReader.open(out)) {
            assertThat(r.indexFromTrailer()).isFalse();
            assertThat(r.header()).isNotNull();
            List<TraceItem> got = new ArrayList<>();
            DecodeStats st = r.read(TraceItems.visitor(got::add));
            List<TraceEvent> ev = got.stream().filter(x -> x instanceof TraceEvent).map(x -> (TraceEvent) x).toList();
            assertThat(TestTraces.bySource(ev)).isEqualTo(TestTraces.bySource(events));
            assertThat(st.corrupt()).isZero();
            assertThat(r.index().bucketCount()).isPositive();
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    private static long eventsIn(Path f) {
        if (!Files.exists(f)) {
            return 0;
        }
        try (MappedTraceReader r = MappedTraceReader.open(f)) {
            return r.read(TraceItems.visitor(x -> { })).events();
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
