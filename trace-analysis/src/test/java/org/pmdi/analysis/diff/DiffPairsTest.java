package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.analysis.ReportCliTest;
import org.pmdi.analysis.cli.ExitCodes;

/**
 * Issue 18's matched recordings (samples/make-samples.sh, boots F, G, H): the same paced
 * workload (60 requests/s for 40 s) in two boots, pair-a and pair-b, and once more with only
 * vdb throttled to 15 IOPS, pair-vdb-slow. The counts support each assertion: vdb's 64 KiB
 * reads are 618, 622 and 538 requests (enough for p50, p90 and p99 on every side), its
 * 64 KiB writes 205, 207, 179 (p50 and p90).
 */
class DiffPairsTest {
    static final Path A = Path.of("../samples/pair-a.pmdt");
    static final Path B = Path.of("../samples/pair-b.pmdt");
    static final Path SLOW = Path.of("../samples/pair-vdb-slow.pmdt");

    @ParameterizedTest
    @ValueSource(strings = {"a", "b"})
    void theThrottledRunsTopRegressionIsVdbsDriver(String which) throws IOException {
        DiffReport r = TraceDiff.compare(which.equals("a") ? A : B, SLOW, DiffConfig.defaults());
        Change top = r.significant().get(0);
        assertThat(top.group().device()).isEqualTo("vdb");
        assertThat(top.phase()).isEqualTo("driver");
        assertThat(top.regression()).isTrue();
        assertThat(top.ciLow()).as(top.words()).isGreaterThan(10);
        assertThat(r.changes().stream().filter(c -> c.group().words().equals("vdb read 64 KiB")
                && c.phase().equals("driver"))).hasSize(3).allSatisfy(c -> assertThat(c.regression()).isTrue());
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.kind() + " " + f.device() + " " + f.appeared())
                .isEqualTo("SLOW_DRIVER vdb true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pair-a", "pair-b", "pair-vdb-slow"})
    void aRecordingAgainstItselfChangesNothing(String name) throws IOException {
        Path p = Path.of("../samples/" + name + ".pmdt");
        DiffReport r = TraceDiff.compare(p, p, DiffConfig.defaults());
        assertThat(r.significant()).isEmpty();
        assertThat(r.findings()).isEmpty();
        assertThat(r.comparisons()).isPositive();
    }

    @Test
    void theTwoNormalRunsDifferInNothingSignificant() throws IOException {
        DiffReport ab = TraceDiff.compare(A, B, DiffConfig.defaults());
        assertThat(ab.significant()).as("%s", ab.significant()).isEmpty();
        assertThat(ab.comparisons()).isGreaterThan(50);
        assertThat(TraceDiff.compare(B, A, DiffConfig.defaults()).significant()).isEmpty();
    }

    @Test
    void exitCodesFollowFailOn() {
        String a = A.toString();
        String b = B.toString();
        String slow = SLOW.toString();
        assertThat(ReportCliTest.run("diff", a, slow, "--fail-on", "vdb:driver:p99:+20%").code())
                .isEqualTo(ExitCodes.FINDINGS);
        assertThat(ReportCliTest.run("diff", a, slow, "--fail-on", "vdb:p90:+20%").code())
                .isEqualTo(ExitCodes.FINDINGS);
        assertThat(ReportCliTest.run("diff", a, b, "--fail-on", "vdb:driver:p99:+20%", "--fail-on", "any:p50:+20%",
                "--fail-on", "any:errors").code()).isEqualTo(ExitCodes.OK);
        assertThat(ReportCliTest.run("diff", a, slow, "--fail-on", "any:errors").code()).isEqualTo(ExitCodes.OK);
        assertThat(ReportCliTest.run("diff", a, slow, "--fail-on", "vda:driver:p50:+20%").code())
                .isEqualTo(ExitCodes.OK);
    }
}
