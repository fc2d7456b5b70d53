package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.transport.SerialTransport;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/**
 * End to end against a running QEMU board: set {@code PMDI_BOARD_PTY} to the trace pty the
 * board printed (QEMU's second {@code -serial pty}) while the board streams its trace, and
 * optionally {@code PMDI_BOARD_SECONDS} (default 5). Skipped otherwise (the board's trace
 * streaming is not done yet).
 */
@EnabledIfEnvironmentVariable(named = "PMDI_BOARD_PTY", matches = ".+")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BoardEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void attachToTheBoardsTracePty() throws Exception {
        Path pty = Path.of(System.getenv("PMDI_BOARD_PTY"));
        long seconds = Long.parseLong(System.getenv().getOrDefault("PMDI_BOARD_SECONDS", "5"));
        Path rec = dir.resolve("board.pmdt");
        BridgeStats s;
        try (Bridge b = Bridge.start(SerialTransport.of(pty, 115200), BridgeOptions.defaults().withRecording(rec))) {
            FeedCollector c = new FeedCollector(b.feed().subscribe(1 << 20));
            c.until(x -> x.items().stream().anyMatch(i -> i instanceof SessionHeader) && x.events().size() > 100,
                    Duration.ofSeconds(seconds));
            s = b.stats();
            assertThat(s.events()).as("%s", s).isPositive();
            assertThat(s.corrupt()).as("%s", s).isZero();
        }
        try (MappedTraceReader r = MappedTraceReader.open(rec)) {
            assertThat(r.indexFromTrailer()).isTrue();
            assertThat(r.header()).isNotNull();
            DecodeStats d = r.read(TraceItems.visitor(x -> { }));
            assertThat(d.events()).isEqualTo(s.events());
        }
    }
}
