package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayClockTest {
    @Test
    void advancesAtSpeedAndStopsAtTheEnd() {
        ReplayClock c = ReplayClock.at(0, 1_000_000).withSpeed(0.01).playing(true);
        c = c.advance(16_000_000);
        assertThat(c.positionNs()).isEqualTo(160_000);
        c = c.advance(1_000_000_000);
        assertThat(c.positionNs()).isEqualTo(1_000_000);
        assertThat(c.playing()).isFalse();
        assertThat(c.playing(true).positionNs()).isZero();
    }

    @Test
    void pausedDoesNotMoveAndSeekClamps() {
        ReplayClock c = ReplayClock.at(500, 1000);
        assertThat(c.advance(1_000_000).positionNs()).isEqualTo(500);
        assertThat(c.seek(5000).positionNs()).isEqualTo(1000);
        assertThat(c.seek(-5).positionNs()).isZero();
    }

    @Test
    void commandLine() {
        ViewerArgs a = ViewerArgs.parse(List.of("t.pmdt", "--attach", "tcp:localhost:4555", "--record", "r.pmdt"));
        assertThat(a.trace()).isEqualTo(Path.of("t.pmdt"));
        assertThat(a.attach()).isEqualTo("tcp:localhost:4555");
        assertThat(a.record()).isEqualTo(Path.of("r.pmdt"));
        assertThatThrownBy(() -> ViewerArgs.parse(List.of("--bogus"))).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> ViewerArgs.parse(List.of("a", "b"))).hasMessageContaining("only one trace");
    }
}
