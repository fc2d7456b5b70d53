package org.pmdi.analysis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance trace check on real board samples: a healthy run passes, broken ones fail. */
class ConformanceTraceTest {
    static final Path SAMPLES = Path.of("../samples");

    @Test
    void healthyRunPasses() throws Exception {
        ConformanceTrace.Result r = ConformanceTrace.check(SAMPLES.resolve("bad-requests.pmdt"), -1, 0);
        assertThat(r.verdicts()).extracting(ConformanceTrace.Verdict::name)
                .containsExactly("trace-lossless", "trace-requests");
        assertThat(r.pass()).as("%s", r.verdicts()).isTrue();
        // refused requests are complete without DRV_BEGIN/DRV_END
        assertThat(r.requests()).isEqualTo(308);
    }

    @Test
    void requestCountMustBeLinuxs() throws Exception {
        ConformanceTrace.Result r = ConformanceTrace.check(SAMPLES.resolve("bad-requests.pmdt"), 309, -1);
        assertThat(r.verdicts().get(1).pass()).isFalse();
        assertThat(r.verdicts().get(1).detail()).contains("308 requests in the trace, Linux took 309");
    }

    @Test
    void completionsNotTakenFail() throws Exception {
        ConformanceTrace.Result r = ConformanceTrace.check(SAMPLES.resolve("no-reap.pmdt"), -1, -1);
        ConformanceTrace.Verdict v = r.verdicts().get(1);
        assertThat(v.pass()).isFalse();
        assertThat(v.detail()).contains("request 27 never completed on the AP (REPLY_TAKE, REQ_DONE missing)");
    }

    @Test
    void driverThatNeverReturnedFails() throws Exception {
        ConformanceTrace.Verdict v = ConformanceTrace.check(SAMPLES.resolve("stuck-driver.pmdt"), -1, -1)
                .verdicts().get(1);
        assertThat(v.line()).startsWith("FAIL trace-requests: 1 of 27").contains("DRV_END");
    }

    @Test
    void moduleLossFails() throws Exception {
        ConformanceTrace.Verdict v = ConformanceTrace.check(SAMPLES.resolve("bad-requests.pmdt"), -1, 3)
                .verdicts().get(0);
        assertThat(v.line()).isEqualTo("FAIL trace-lossless: 3 lost by the module's debugfs reader");
    }

    @Test
    void truncatedTraceLosesOrFails(@TempDir Path dir) throws Exception {
        byte[] all = Files.readAllBytes(SAMPLES.resolve("bad-requests.pmdt"));
        // a frame cut out of the middle: a gap, a corrupt frame or requests left incomplete
        byte[] cut = new byte[all.length - 200];
        System.arraycopy(all, 0, cut, 0, all.length / 2);
        System.arraycopy(all, all.length / 2 + 200, cut, all.length / 2, all.length - all.length / 2 - 200);
        Path f = dir.resolve("cut.pmdt");
        Files.write(f, cut);
        ConformanceTrace.Result r = ConformanceTrace.check(f, -1, 0);
        assertThat(r.verdicts().get(0).pass()).as("%s", r.verdicts()).isFalse();
    }
}
