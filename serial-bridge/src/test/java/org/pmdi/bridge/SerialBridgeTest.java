package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.bridge.transport.SerialTransport;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.GapReason;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/** The bridge reading socat pty pairs through the real jSerialComm. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialBridgeTest {
    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void cleanStreamArrivesWhole() throws Exception {
        List<TraceEvent> events = TestTraces.requests(2000, 100);
        byte[] stream = TestTraces.stream(events);
        try (SocatPair p = SocatPair.start(dir);
                Bridge b = Bridge.start(SerialTransport.of(p.readEnd(), 115200),
                        BridgeOptions.defaults().withRecording(dir.resolve("rec.pmdt")))) {
            FeedCollector c = new FeedCollector(b.feed().subscribe(1 << 16));
            Waits.connected(b);
            try (OutputStream o = p.openWriter()) {
                o.write(stream);
            }
            assertThat(c.untilEvents(events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(events));
            assertThat(Waits.until(() -> b.stats().bytes() == stream.length, WAIT)).as("%s", b.stats()).isTrue();
            BridgeStats s = b.stats();
            assertThat(s.corrupt()).isZero();
            assertThat(s.lost()).isZero();
            assertThat(s.outstanding()).isZero();
        }
        try (MappedTraceReader r = MappedTraceReader.open(dir.resolve("rec.pmdt"))) {
            assertThat(r.indexFromTrailer()).isTrue();
            List<TraceItem> got = new ArrayList<>();
            r.read(TraceItems.visitor(got::add));
            assertThat(TestTraces.bySource(got.stream().filter(x -> x instanceof TraceEvent).map(x -> (TraceEvent) x).toList()))
                    .isEqualTo(TestTraces.bySource(events));
        }
    }

    @Test
    void noiseAtRandomPositionsCostsOnlyTheFramesItHits() throws Exception {
        mangled(true);
    }

    @Test
    void droppedBytesCostOnlyTheFramesTheyHit() throws Exception {
        mangled(false);
    }

    private void mangled(boolean insertNoise) throws Exception {
        List<TraceEvent> events = TestTraces.requests(3000, 100);
        byte[] clean = TestTraces.stream(events);
        Random rnd = new Random(insertNoise ? 11 : 12);
        int hits = 40;
        Set<Integer> at = new HashSet<>();
        // keep the header (first 300 bytes) and the last frames of each source clean
        while (at.size() < hits) {
            at.add(300 + rnd.nextInt(clean.length * 8 / 10));
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < clean.length; i++) {
            if (at.contains(i)) {
                if (insertNoise) {
                    o.write(rnd.nextInt(256));
                    o.write(clean[i]);
                }
            } else {
                o.write(clean[i]);
            }
        }
        byte[] stream = o.toByteArray();
        try (SocatPair p = SocatPair.start(dir);
                Bridge b = Bridge.start(SerialTransport.of(p.readEnd(), 115200), BridgeOptions.defaults())) {
            FeedCollector c = new FeedCollector(b.feed().subscribe(1 << 16));
            Waits.connected(b);
            try (OutputStream w = p.openWriter()) {
                w.write(stream);
            }
            // everything is accounted for: received or counted as lost in transport
            assertThat(c.until(x -> x.events().size() + b.stats().lostInTransport() >= events.size(), WAIT))
                    .as("%s", b.stats()).isTrue();
            assertThat(Waits.until(() -> b.stats().bytes() == stream.length, WAIT)).as("%s", b.stats()).isTrue();
            BridgeStats s = b.stats();
            assertThat(s.corrupt()).isBetween(1L, (long) hits * 2);
            assertThat(s.lostInTransport()).isPositive();
            assertThat(c.events().size() + s.lostInTransport()).isEqualTo(events.size());
            assertThat(events).containsAll(c.events());
            assertThat(s.bytes()).isEqualTo(stream.length);
        }
    }

    @ParameterizedTest(name = "socat killed with {0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void portClosedAndReopenedIsAGapInTheRecording(String signal) throws Exception {
        List<TraceEvent> events = TestTraces.requests(400, 100);
        List<TraceEvent> first = events.subList(0, 1200);
        List<TraceEvent> second = events.subList(1200, events.size());
        Path rec = dir.resolve("rec.pmdt");
        try (SocatPair p = SocatPair.start(dir);
                Bridge b = Bridge.start(SerialTransport.of(p.readEnd(), 115200),
                        BridgeOptions.defaults().withRecording(rec)
                                .withReconnect(ReconnectPolicy.every(Duration.ofMillis(20), Duration.ofMillis(200))))) {
            FeedCollector c = new FeedCollector(b.feed().subscribe(1 << 16));
            Waits.connected(b);
            try (OutputStream w = p.openWriter()) {
                w.write(TestTraces.stream(first));
            }
            assertThat(c.untilEvents(first.size(), WAIT)).as("%s", b.stats()).isTrue();
            if (signal.equals("SIGKILL")) {
                p.kill();
            } else {
                p.stop();
            }
            assertThat(Waits.until(() -> b.stats().state() != BridgeState.CONNECTED, WAIT)).as("%s", b.stats()).isTrue();
            p.restart();
            assertThat(Waits.until(() -> b.stats().gaps() == 1 && b.stats().state() == BridgeState.CONNECTED, WAIT))
                    .as("%s", b.stats()).isTrue();
            try (OutputStream w = p.openWriter()) {
                w.write(TestTraces.stream(second));
            }
            assertThat(c.untilEvents(events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(events));
            assertThat(c.gaps()).hasSize(1);
            assertThat(c.gaps().get(0).reason()).isEqualTo(GapReason.PORT_CLOSED.code());
        }
        try (MappedTraceReader r = MappedTraceReader.open(rec)) {
            List<TraceItem> got = new ArrayList<>();
            r.read(TraceItems.visitor(got::add));
            int gapAt = -1;
            for (int i = 0; i < got.size(); i++) {
                if (got.get(i) instanceof GapMark) {
                    gapAt = i;
                }
            }
            assertThat(gapAt).isPositive();
            List<TraceEvent> before = got.subList(0, gapAt).stream().filter(x -> x instanceof TraceEvent)
                    .map(x -> (TraceEvent) x).toList();
            List<TraceEvent> after = got.subList(gapAt, got.size()).stream().filter(x -> x instanceof TraceEvent)
                    .map(x -> (TraceEvent) x).toList();
            assertThat(TestTraces.bySource(before)).isEqualTo(TestTraces.bySource(first));
            assertThat(TestTraces.bySource(after)).isEqualTo(TestTraces.bySource(second));
            GapMark g = (GapMark) got.get(gapAt);
            assertThat(g.endUnixNs()).isGreaterThanOrEqualTo(g.startUnixNs());
        }
    }
}
