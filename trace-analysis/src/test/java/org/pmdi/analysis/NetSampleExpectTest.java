package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network keys of the samples' expectation files, on a synthetic "rx-starved" trace (the
 * AP stops posting receive buffers for a while), until the real samples are recorded.
 */
class NetSampleExpectTest {
    private static final String RX_STARVED = """
            exit = 0
            findings = FRAMES_DROPPED
            frames_dropped = eth0
            nic_latency = eth0
            stuck = none
            pcap_min_frames = 25
            """;
    @TempDir
    Path tmp;

    private Path starved() throws IOException {
        return GeneratedTraces.write(tmp.resolve("rx-starved.pmdt"), 31, s -> {
            GeneratedTraces.netEcho(s, 10, 2_000_000L);
            for (int i = 0; i < 6; i++) {
                s.drop(3, GeneratedTraces.toAp(200 + i), 96);
                s.idle(50_000_000L);
            }
            GeneratedTraces.netEcho(s, 5, 2_000_000L);
            s.postRecv(3, 1514); // still waiting at the end: not stuck
            s.idle(3_000_000_000L);
        });
    }

    private Path expect(String text) throws IOException {
        return Files.writeString(tmp.resolve("rx-starved.expect"), text);
    }

    @Test
    void rxStarvedMeetsItsExpectations() throws IOException {
        Path t = starved();
        Path e = expect(RX_STARVED);
        assertThatCode(() -> SampleTest.check(t, e)).doesNotThrowAnyException();
    }

    @Test
    void wrongExpectationsFail() throws IOException {
        Path t = starved();
        Path noDrops = expect(RX_STARVED.replace("frames_dropped = eth0", "frames_dropped = none"));
        assertThatThrownBy(() -> SampleTest.check(t, noDrops)).isInstanceOf(AssertionError.class);
        Path tooMany = expect(RX_STARVED.replace("pcap_min_frames = 25", "pcap_min_frames = 38"));
        assertThatThrownBy(() -> SampleTest.check(t, tooMany)).isInstanceOf(AssertionError.class);
        Path noNic = expect(RX_STARVED.replace("nic_latency = eth0", "nic_latency = vda"));
        assertThatThrownBy(() -> SampleTest.check(t, noNic)).isInstanceOf(AssertionError.class);
    }
}
