package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aTraceThatLostEventsIsNamedInTheHeader(@TempDir Path dir) throws IOException {
        // a 4 KiB stretch cut out of the middle of a real recording, as a serial line loses it
        byte[] b = Files.readAllBytes(SAMPLES.resolve("healthy.pmdt"));
        int cut = b.length / 2;
        byte[] holed = new byte[b.length - 4096];
        System.arraycopy(b, 0, holed, 0, cut);
        System.arraycopy(b, cut + 4096, holed, cut, b.length - cut - 4096);
        Path lossy = dir.resolve("lossy.pmdt");
        Files.write(lossy, holed);

        DiffReport r = TraceDiff.compare(SAMPLES.resolve("healthy.pmdt"), lossy, DiffConfig.defaults());
        assertThat(r.baseLoss()).isEmpty();
        assertThat(r.newLoss()).contains("event(s) lost");
        StringWriter text = new StringWriter();
        DiffText.write(r, List.of(), new PrintWriter(text, true));
        List<String> lines = Arrays.asList(text.toString().split("\n"));
        assertThat(lines.subList(0, 4)).anySatisfy(l -> assertThat(l).startsWith("warning: the new trace lost events ("));
        assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("warning: the base trace"));
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
