package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.GeneratedTraces;

/** A NIC in the diff: a RECV's group compares its rx latency, not how long it waited for a frame. */
class NetDiffTest {
    @TempDir
    Path tmp;

    @Test
    void aLongerWaitForFramesIsNotARegression() throws IOException {
        Path busy = GeneratedTraces.write(tmp.resolve("busy.pmdt"), 1, s -> GeneratedTraces.netEcho(s, 60, 200_000L));
        Path quiet = GeneratedTraces.write(tmp.resolve("quiet.pmdt"), 2,
                s -> GeneratedTraces.netEcho(s, 60, 40_000_000L));
        DiffReport r = TraceDiff.compare(busy, quiet, DiffConfig.defaults());
        assertThat(r.changes()).anyMatch(c -> c.group().op().equals("recv") && c.phase().equals("total"));
        assertThat(r.changes()).noneMatch(c -> c.group().op().equals("recv") && c.phase().equals("driver"));
        assertThat(r.significant()).as("the rx latency and the sends are the same").isEmpty();
    }
}
