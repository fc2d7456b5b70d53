package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.ErrorTraces;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.request.Phase;

/**
 * The comparison on generated traces whose truth is known: the same workload (4 000 requests
 * round-robin over null, vda, vdb and eth0; vdb's driver takes 40–60 µs) with vdb's driver
 * 8 times slower, with another seed, and against itself.
 */
class TraceDiffTest {
    static final int N = 4000;
    static final int FACTOR = 8;
    @TempDir
    static Path tmp;
    static Path base;
    static Path otherSeed;
    static Path slowVdb;
    static Path vdbErrors;

    @BeforeAll
    static void traces() throws IOException {
        base = GeneratedTraces.write(tmp.resolve("base.pmdt"), 1, s -> GeneratedTraces.slowVdb(s, N, 1, 1));
        otherSeed = GeneratedTraces.write(tmp.resolve("seed2.pmdt"), 2, s -> GeneratedTraces.slowVdb(s, N, 2, 1));
        slowVdb = GeneratedTraces.write(tmp.resolve("slow.pmdt"), 3, s -> GeneratedTraces.slowVdb(s, N, 3, FACTOR));
        vdbErrors = ErrorTraces.write(tmp.resolve("errors.pmdt"), 4, ErrorTraces.diskErrors(N, 10, true));
    }

    @Test
    void aSlowerDriverIsTheTopRegressionWithItsTrueRatioInTheInterval() throws IOException {
        DiffReport r = TraceDiff.compare(base, slowVdb, DiffConfig.defaults());
        List<Change> sig = r.significant();
        assertThat(sig).isNotEmpty();
        Change top = sig.get(0);
        assertThat(top.group()).isEqualTo(new GroupKey("vdb", "block", "read", 4096));
        assertThat(top.phase()).isEqualTo(Phase.DRIVER.key());
        assertThat(top.regression()).isTrue();
        // every in-driver percentile of vdb: the true ratio is exactly FACTOR
        List<Change> drv = r.changes().stream()
                .filter(c -> c.group().device().equals("vdb") && c.phase().equals("driver")).toList();
        assertThat(drv).extracting(Change::stat).containsExactlyInAnyOrder("p50", "p90", "p99");
        for (Change c : drv) {
            assertThat(c.significant()).as(c.words()).isTrue();
            assertThat(c.ciLow()).as(c.words()).isLessThanOrEqualTo(FACTOR);
            assertThat(c.ciHigh()).as(c.words()).isGreaterThanOrEqualTo(FACTOR);
        }
        // nothing else changed: vdb's other phases and the other devices are not significant
        assertThat(sig).allSatisfy(c -> {
            assertThat(c.group().device()).isEqualTo("vdb");
            assertThat(c.phase()).isIn("driver", "total");
        });
        assertThat(top.words()).startsWith("vdb read 4 KiB: in-driver p");
        assertThat(r.comparisons()).isEqualTo((int) r.changes().stream().filter(Change::enoughSamples).count());
    }

    @Test
    void aTraceAgainstItselfChangesNothing() throws IOException {
        DiffReport r = TraceDiff.compare(base, base, DiffConfig.defaults());
        assertThat(r.significant()).isEmpty();
        assertThat(r.changes()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.ratio()).isEqualTo(1.0);
            if (c.enoughSamples()) {
                assertThat(c.ciLow()).isLessThanOrEqualTo(1.0);
                assertThat(c.ciHigh()).isGreaterThanOrEqualTo(1.0);
            }
        });
        assertThat(r.findings()).isEmpty();
        assertThat(r.worseErrors()).isEmpty();
        assertThat(r.devicesOnlyInBase()).isEmpty();
        assertThat(r.devicesOnlyInNew()).isEmpty();
        assertThat(r.baseEvents()).isEqualTo(r.newEvents()).isPositive();
    }

    @Test
    void twoSeedsOfOneWorkloadDifferInNothingSignificant() throws IOException {
        DiffReport r = TraceDiff.compare(base, otherSeed, DiffConfig.defaults());
        assertThat(r.significant()).isEmpty();
        assertThat(r.comparisons()).isGreaterThan(50);
    }

    @Test
    void aSmallerMinimumEffectStillNeedsTheWholeIntervalBeyondIt() throws IOException {
        DiffReport r = TraceDiff.compare(base, otherSeed, DiffConfig.defaults().withMinEffect(1.0001));
        assertThat(r.significant()).allSatisfy(c -> assertThat(c.ciLow() > 1.0001 || c.ciHigh() < 1 / 1.0001)
                .isTrue());
    }

    @Test
    void theSameSeedGivesTheSameReport() throws IOException {
        DiffReport a = TraceDiff.compare(base, slowVdb, DiffConfig.defaults());
        DiffReport b = TraceDiff.compare(base, slowVdb, DiffConfig.defaults());
        assertThat(a.changes()).isEqualTo(b.changes());
    }

    @Test
    void groupsKeepBothSidesStatisticsHistogramsAndSlowestRequests() throws IOException {
        DiffReport r = TraceDiff.compare(base, slowVdb, DiffConfig.defaults());
        GroupDiff g = r.group(new GroupKey("vdb", "block", "read", 4096));
        assertThat(g.base().keySet()).first().isEqualTo("total");
        assertThat(g.base().keySet()).containsSubsequence("total", "queued", "driver", "pickup");
        assertThat(g.base().get("total").count()).isEqualTo(N / 4);
        assertThat(g.neu().get("driver").p50Ns()).isBetween(FACTOR * 40_000L, FACTOR * 60_000L);
        assertThat(g.baseHist().get("driver").getTotalCount()).isEqualTo(N / 4);
        assertThat(g.slowestNew()).hasSize(GroupCollector.SLOWEST);
        assertThat(g.slowestNew()).isSortedAccordingTo((x, y) -> Long.compare(y.totalNs(), x.totalNs()));
        // the slowest request is the histogram's maximum (to the histogram's precision)
        assertThat(g.newHist().get("total").valuesAreEquivalent(g.slowestNew().get(0).totalNs(),
                g.newHist().get("total").getMaxValue())).isTrue();
        assertThat(g.slowestNew()).allSatisfy(s -> assertThat(s.postNs()).isPositive());
    }

    @Test
    void driverFailuresOnOneSideMakeTheDeviceWorse() throws IOException {
        DiffReport r = TraceDiff.compare(base, vdbErrors, DiffConfig.defaults());
        ErrorDiff vdb = r.errors().stream().filter(e -> e.device().equals("vdb")).findFirst().orElseThrow();
        assertThat(vdb.baseFailed()).isZero();
        assertThat(vdb.newFailed()).isEqualTo(N / 4 / 10);
        assertThat(vdb.worse()).isTrue();
        assertThat(r.worseErrors()).extracting(ErrorDiff::device).containsExactly("vdb");
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo("DRIVER_ERRORS");
            assertThat(f.device()).isEqualTo("vdb");
            assertThat(f.appeared()).isTrue();
        });
        DiffReport back = TraceDiff.compare(vdbErrors, base, DiffConfig.defaults());
        assertThat(back.worseErrors()).isEmpty();
        assertThat(back.findings()).anySatisfy(f -> assertThat(f.appeared()).isFalse());
    }

    @Test
    void changesAreOrderedRegressionsByRatioThenImprovementsThenTheRest() throws IOException {
        DiffReport r = TraceDiff.compare(slowVdb, base, DiffConfig.defaults()); // vdb faster
        assertThat(r.significant()).isNotEmpty().allSatisfy(c -> assertThat(c.regression()).isFalse());
        List<Change> fwd = TraceDiff.compare(base, slowVdb, DiffConfig.defaults()).significant();
        assertThat(fwd).isSortedAccordingTo((x, y) -> Double.compare(y.ratio(), x.ratio()));
        assertThat(r.significant()).isSortedAccordingTo((x, y) -> Double.compare(x.ratio(), y.ratio()));
        int firstPlain = r.changes().indexOf(r.changes().stream().filter(c -> !c.significant()).findFirst()
                .orElseThrow());
        assertThat(firstPlain).isEqualTo(r.significant().size());
    }
}
