package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.transport.FileTransport;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceItems;

/**
 * The C side's golden vectors through the bridge, read whole and one byte at a time: the
 * same items and counters as the codec reading them directly.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GoldenThroughBridgeTest {
    @TempDir
    Path dir;

    static Path golden(String name) {
        String root = System.getProperty("pmdi.root", "..");
        Path p = Path.of(root, "trace-format", "golden", "v0", name);
        return Files.exists(p) ? p : Path.of("..", "trace-format", "golden", "v0", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-events.pmdt", "edge-values.pmdt", "loss-and-corruption.pmdt"})
    void goldenFilesDecodeAsTheCodecDoes(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(golden(name));
        List<TraceItem> want = new ArrayList<>();
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(want::add));
        d.push(bytes, 0, bytes.length);
        d.finish();
        DecodeStats ws = d.stats();
        for (int readBuffer : new int[] {1, 1 << 16}) {
            LiveFeed feed = LiveFeed.create();
            FeedCollector c = new FeedCollector(feed.subscribe(1 << 16));
            try (Bridge b = Bridge.start(FileTransport.of(golden(name)),
                    BridgeOptions.defaults().withReadBuffer(readBuffer).withRecording(dir.resolve(readBuffer + name)),
                    feed)) {
                assertThat(b.awaitEnd(Duration.ofSeconds(10))).isTrue();
                assertThat(c.until(x -> x.items().size() >= want.size(), Duration.ofSeconds(5))).isTrue();
                assertThat(c.items()).isEqualTo(want);
                assertThat(c.items().stream().filter(x -> x instanceof BadFrame).count())
                        .as("each dropped frame reaches the feed").isEqualTo(ws.corrupt() + ws.unknown());
                BridgeStats s = b.stats();
                assertThat(s.events()).isEqualTo(ws.events());
                assertThat(s.corrupt()).isEqualTo(ws.corrupt());
                assertThat(s.lostInTransport()).isEqualTo(ws.lostInTransport());
                assertThat(s.lostInRing()).isEqualTo(ws.lostInRing());
                assertThat(s.state()).isEqualTo(BridgeState.ENDED);
            }
        }
    }
}
