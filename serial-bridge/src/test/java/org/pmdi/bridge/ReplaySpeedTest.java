package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.transport.ReplaySpeed;
import org.pmdi.bridge.transport.ReplayTransport;
import org.pmdi.trace.TraceEvent;

/** Replaying a saved trace spanning 360 ms at 1x, 4x and as fast as possible. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplaySpeedTest {
    @TempDir
    Path dir;

    /** 60 requests, 6 events 1 ms apart each: 360 ms of trace at 1 GHz (1 cycle = 1 ns). */
    private static final List<TraceEvent> EVENTS = TestTraces.requests(60, 1_000_000);

    private long replayMs(ReplaySpeed speed) throws Exception {
        Path f = dir.resolve("paced.pmdt");
        if (!Files.exists(f)) {
            Files.write(f, TestTraces.framePerEvent(EVENTS));
        }
        long t0 = System.nanoTime();
        LiveFeed feed = LiveFeed.create();
        FeedCollector c = new FeedCollector(feed.subscribe(1 << 12));
        try (Bridge b = Bridge.start(ReplayTransport.of(f, speed), BridgeOptions.defaults(), feed)) {
            assertThat(c.untilEvents(EVENTS.size(), Duration.ofSeconds(10))).isTrue();
            assertThat(TestTraces.bySource(c.events())).isEqualTo(TestTraces.bySource(EVENTS));
            assertThat(b.awaitEnd(Duration.ofSeconds(5))).isTrue();
            assertThat(b.stats().state()).isEqualTo(BridgeState.ENDED);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Pacing shows as a lower bound (a paced replay cannot end before its trace time at its
     * speed); faster speeds are compared with the recorded one in the same run, never with a
     * wall-clock ceiling, which a loaded machine would break.
     */
    @Test
    void fasterSpeedsTakeLessThanTheRecordedOneButStillWait() throws Exception {
        long recorded = replayMs(ReplaySpeed.recorded());
        long fourTimes = replayMs(ReplaySpeed.times(4));
        long unpaced = replayMs(ReplaySpeed.asFastAsPossible());
        assertThat(recorded).isGreaterThanOrEqualTo(330L); // 360 ms of trace, less the first event's wait
        assertThat(fourTimes).isGreaterThanOrEqualTo(80L).isLessThan(recorded);
        assertThat(unpaced).isLessThan(recorded);
    }

    @Test
    void speedsParse() {
        assertThat(ReplaySpeed.parse("max").unpaced()).isTrue();
        assertThat(ReplaySpeed.parse("4x").factor()).isEqualTo(4.0);
        assertThat(ReplaySpeed.parse("0.5").factor()).isEqualTo(0.5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplaySpeed.parse("fast"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s must be");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplaySpeed.times(0))
                .hasMessageContaining("factor");
    }
}
