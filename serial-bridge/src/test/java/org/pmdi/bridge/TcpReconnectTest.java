package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.transport.TcpTransport;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.GapReason;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/** A TCP peer that closes the connection and accepts the bridge again: one GAP, nothing lost. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpReconnectTest {
    @TempDir
    Path dir;

    @Test
    void socketClosedAndReopenedIsAGap() throws Exception {
        List<TraceEvent> events = TestTraces.requests(300, 100);
        List<TraceEvent> first = events.subList(0, 900);
        List<TraceEvent> second = events.subList(900, events.size());
        Path rec = dir.resolve("tcp.pmdt");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Bridge b = Bridge.start(TcpTransport.of("127.0.0.1", server.getLocalPort()),
                        BridgeOptions.defaults().withRecording(rec)
                                .withReconnect(ReconnectPolicy.every(Duration.ofMillis(20), Duration.ofMillis(200))))) {
            FeedCollector c = new FeedCollector(b.feed().subscribe(1 << 16));
            try (Socket s = server.accept()) {
                s.getOutputStream().write(TestTraces.stream(first));
                assertThat(c.untilEvents(first.size(), Duration.ofSeconds(10))).isTrue();
            }
            try (Socket s = server.accept()) {
                assertThat(Waits.until(() -> b.stats().gaps() == 1, Duration.ofSeconds(10))).isTrue();
                s.getOutputStream().write(TestTraces.stream(second));
                assertThat(c.untilEvents(events.size(), Duration.ofSeconds(10))).as("%s", b.stats()).isTrue();
                b.close(); // before this socket closes: that would be a second, real gap
            }
            assertThat(c.gaps()).extracting(GapMark::reason).containsExactly(GapReason.SOCKET_CLOSED.code());
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(events));
            assertThat(b.stats().lost()).isZero();
        }
        try (MappedTraceReader r = MappedTraceReader.open(rec)) {
            List<TraceItem> got = new ArrayList<>();
            r.read(TraceItems.visitor(got::add));
            assertThat(got.stream().filter(x -> x instanceof GapMark).count()).isEqualTo(1);
            assertThat(got.stream().filter(x -> x instanceof TraceEvent).count()).isEqualTo(events.size());
        }
    }
}
