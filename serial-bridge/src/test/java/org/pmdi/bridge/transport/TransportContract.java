package org.pmdi.bridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeOptions;
import org.pmdi.bridge.BridgeState;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.bridge.FeedCollector;
import org.pmdi.bridge.TestTraces;
import org.pmdi.bridge.Waits;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/**
 * The contract every transport meets, run through a whole bridge: a stream arrives intact
 * and is recorded, input fed one byte at a time decodes the same, garbage never stops the
 * reader, and close() is prompt while the input is idle. Each transport's test class says
 * how to make a peer that feeds it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class TransportContract {
    @TempDir
    protected Path dir;

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** The far side of a transport under test. */
    protected interface Peer extends AutoCloseable {
        /** The transport that reads what this peer sends. */
        Transport transport();

        /** Sends the content given at creation, {@code chunk} bytes per write (1 = one byte at a time). */
        void send(int chunk) throws Exception;

        @Override
        void close() throws Exception;
    }

    /**
     * A peer that will send {@code content} (transports that need the data up front, such as a
     * replay, take it here).
     */
    protected abstract Peer peer(byte[] content) throws Exception;

    /** True when the bridge only connects once the peer sends (a FIFO's open blocks until a writer opens). */
    protected boolean connectsOnSend() {
        return false;
    }

    /** Subscribes before the bridge starts, so that nothing is published before the subscription. */
    private Bridge started(Peer p, BridgeOptions o, FeedCollector[] collector) throws Exception {
        LiveFeed feed = LiveFeed.create();
        collector[0] = new FeedCollector(feed.subscribe(1 << 16));
        Bridge b = Bridge.start(p.transport(), o, feed);
        if (!connectsOnSend()) {
            Waits.connected(b);
        }
        return b;
    }

    @Test
    void streamArrivesIntactAndIsRecorded() throws Exception {
        List<TraceEvent> events = TestTraces.requests(1500, 250);
        byte[] stream = TestTraces.stream(events);
        Path rec = dir.resolve("contract.pmdt");
        FeedCollector[] fc = new FeedCollector[1];
        try (Peer p = peer(stream); Bridge b = started(p, BridgeOptions.defaults().withRecording(rec), fc)) {
            FeedCollector c = fc[0];
            p.send(4096);
            assertThat(c.untilEvents(events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(events));
            // stats are published after each read, the feed during it
            assertThat(Waits.until(() -> b.stats().bytes() == stream.length, WAIT)).as("%s", b.stats()).isTrue();
            BridgeStats s = b.stats();
            assertThat(s.corrupt()).isZero();
            assertThat(s.lost()).isZero();
            assertThat(s.bytes()).isEqualTo(stream.length);
        }
        try (MappedTraceReader r = MappedTraceReader.open(rec)) {
            List<TraceItem> got = new ArrayList<>();
            r.read(TraceItems.visitor(got::add));
            List<TraceEvent> ev = got.stream().filter(x -> x instanceof TraceEvent).map(x -> (TraceEvent) x).toList();
            assertThat(TestTraces.bySource(ev)).isEqualTo(TestTraces.bySource(events));
        }
    }

    @Test
    void inputFedOneByteAtATimeDecodesTheSame() throws Exception {
        List<TraceEvent> events = TestTraces.requests(150, 250);
        byte[] stream = TestTraces.stream(events);
        FeedCollector[] fc = new FeedCollector[1];
        try (Peer p = peer(stream); Bridge b = started(p, BridgeOptions.defaults().withReadBuffer(1), fc)) {
            FeedCollector c = fc[0];
            p.send(1);
            assertThat(c.untilEvents(events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(events));
            assertThat(Waits.until(() -> b.stats().events() == events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(b.stats().corrupt()).isZero();
            assertThat(b.stats().outstanding()).isZero();
        }
    }

    @Test
    void garbageNeverStopsTheReader() throws Exception {
        List<TraceEvent> events = TestTraces.requests(300, 250);
        byte[] clean = TestTraces.stream(events);
        byte[] junk = new byte[20_000];
        new Random(5).nextBytes(junk);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(junk);
        o.write(clean);
        FeedCollector[] fc = new FeedCollector[1];
        try (Peer p = peer(o.toByteArray()); Bridge b = started(p, BridgeOptions.defaults(), fc)) {
            FeedCollector c = fc[0];
            p.send(1000);
            assertThat(c.untilEvents(events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(events));
            assertThat(Waits.until(() -> b.stats().events() == events.size(), WAIT)).as("%s", b.stats()).isTrue();
            assertThat(b.stats().corrupt()).isPositive();
        }
    }

    @Test
    void closeIsPromptWhileTheInputIsIdle() throws Exception {
        byte[] stream = TestTraces.stream(TestTraces.requests(5, 250));
        try (Peer p = peer(stream)) {
            Bridge b = started(p, BridgeOptions.defaults().withRecording(dir.resolve("idle.pmdt")),
                    new FeedCollector[1]);
            p.send(4096);
            Thread.sleep(300);
            long t0 = System.nanoTime();
            b.close();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
            assertThat(b.stats().state()).isIn(BridgeState.CLOSED, BridgeState.ENDED);
        }
        try (MappedTraceReader r = MappedTraceReader.open(dir.resolve("idle.pmdt"))) {
            assertThat(r.indexFromTrailer()).isTrue();
        }
    }
}
