package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison on real board recordings: slow-disk.pmdt is the healthy board's load with vdb
 * throttled to 20 IOPS (156 vdb requests, in-driver p50 about 100 ms against 150 µs).
 */
class DiffSamplesTest {
    static final Path SAMPLES = Path.of("../samples");

    @Test
    void aThrottledVdbIsTheTopRegressionInItsDriver() throws IOException {
        DiffReport r = TraceDiff.compare(SAMPLES.resolve("healthy.pmdt"), SAMPLES.resolve("slow-disk.pmdt"),
                DiffConfig.defaults());
        Change top = r.significant().get(0);
        assertThat(top.group().device()).isEqualTo("vdb");
        assertThat(top.phase()).isEqualTo("driver");
        assertThat(top.regression()).isTrue();
        assertThat(top.ciLow()).isGreaterThan(100);
        // each vdb group with enough requests for a p50 has its in-driver p50 regressed
        List<Change> vdbDriverP50 = r.changes().stream().filter(c -> c.group().device().equals("vdb")
                && c.phase().equals("driver") && c.stat().equals("p50") && c.enoughSamples()).toList();
        assertThat(vdbDriverP50).hasSizeGreaterThanOrEqualTo(3).allSatisfy(c -> assertThat(c.regression())
                .as(c.words()).isTrue());
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("SLOW_DRIVER");
            assertThat(f.device()).isEqualTo("vdb");
            assertThat(f.appeared()).isTrue();
        });
        assertThat(r.devicesOnlyInBase()).isEmpty();
        assertThat(r.devicesOnlyInNew()).isEmpty();
    }

    @Test
    void theOtherWayRoundVdbsDriverIsTheBiggestImprovement() throws IOException {
        DiffReport r = TraceDiff.compare(SAMPLES.resolve("slow-disk.pmdt"), SAMPLES.resolve("healthy.pmdt"),
                DiffConfig.defaults());
        Change best = r.changes().stream().filter(Change::improvement).findFirst().orElseThrow();
        assertThat(best.group().device()).isEqualTo("vdb");
        assertThat(best.phase()).isEqualTo("driver");
        assertThat(best.ciHigh()).isLessThan(0.01);
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("SLOW_DRIVER");
            assertThat(f.appeared()).isFalse();
        });
    }

    @Test
    void diskErrorsMakeVdbWorseAndOnlyVdb() throws IOException {
        DiffReport r = TraceDiff.compare(SAMPLES.resolve("healthy.pmdt"), SAMPLES.resolve("disk-errors.pmdt"),
                DiffConfig.defaults());
        // disk-errors.pmdt: 904 of vdb's 20 368 requests failed with EIO, none elsewhere (samples/README.md)
        assertThat(r.worseErrors()).extracting(ErrorDiff::device).containsExactly("vdb");
        ErrorDiff vdb = r.worseErrors().get(0);
        assertThat(vdb.newFailed()).isEqualTo(904);
        assertThat(vdb.newRequests()).isEqualTo(20_368);
    }
}
