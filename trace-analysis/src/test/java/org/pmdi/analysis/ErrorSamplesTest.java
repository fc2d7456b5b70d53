package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.ReportCliTest.Run;
import org.pmdi.analysis.cli.ExitCodes;
import org.pmdi.analysis.errors.CauseCount;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.ErrorFindings;
import org.pmdi.analysis.errors.FailureCause;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.report.Verdict;

/**
 * The real board samples of failures, when they are in samples/ (recorded by the board's
 * sample runs): what such traces must show, not exact counts.
 * <ul>
 * <li>{@code disk-errors.pmdt}: vdb behind QEMU's blkdebug injecting EIO on reads. The report
 * names vdb as failing with EIO, with its count and a rate in (0, 1], and exits 1; with an
 * error budget vdb meets, it exits as the rest of the trace says, and with {@code
 * vdb=errors:0} it exits 1 naming the broken budget.
 * <li>{@code bad-requests.pmdt}: requests Linux refused, of several reasons. One
 * MALFORMED_REQUESTS finding counts them by reason, as the per-device tables do.
 * </ul>
 */
class ErrorSamplesTest {
    static final Path DISK_ERRORS = SampleTest.SAMPLES.resolve("disk-errors.pmdt");
    static final Path BAD_REQUESTS = SampleTest.SAMPLES.resolve("bad-requests.pmdt");

    static void assumePresent(Path p) {
        assumeTrue(Files.exists(p), p + " is absent: it is recorded from a board run (samples/make-samples.sh);"
                + " this test checks it once it is committed");
    }

    @Test
    void diskErrorsNamesVdbFailingWithEioAndItsRate() throws IOException {
        assumePresent(DISK_ERRORS);
        AnalysisSnapshot s = TraceFiles.analyze(DISK_ERRORS, AnalysisConfig.defaults());
        DeviceInfo vdb = s.device("vdb");
        assertThat(vdb).as("vdb in the trace").isNotNull();
        DeviceErrors e = s.errors(vdb.id());
        assertThat(e).isNotNull();
        assertThat(e.failed()).isPositive();
        assertThat(e.errorRate()).isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(e.byStatus()).containsKey("EIO");
        assertThat(e.count(FailureCause.Kind.DEVICE_ERROR)).as("failed in the driver").isPositive();
        assertThat(e.firstFailureNs()).isLessThanOrEqualTo(e.lastFailureNs());
        // the latency table counts only vdb's successes
        assertThat(s.latency(vdb.id(), "total").count()).isLessThanOrEqualTo(e.requests() - e.failed());
        assertThat(e.failedLatency().count()).isPositive();

        List<Finding> drv = s.findings().stream().filter(f -> f.kind() == FindingKind.DRIVER_ERRORS).toList();
        assertThat(drv).extracting(Finding::device).as("only vdb's driver fails").containsExactly(vdb.id());
        Finding f = drv.get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.atNs()).isEqualTo(e.causes(FailureCause.Kind.DEVICE_ERROR).stream()
                .mapToLong(CauseCount::firstNs).min().orElseThrow());
        assertThat(f.requestId()).isPositive();

        Run r = ReportCliTest.run("report", DISK_ERRORS.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        long n = e.count(FailureCause.Kind.DEVICE_ERROR);
        assertThat(r.out()).contains("DRIVER_ERRORS: the Linux driver failed " + n + " of " + e.requests()
                + " requests on vdb with EIO").contains(ErrorFindings.percent(e.errorRate()));
    }

    @Test
    void diskErrorsExitsAsItsBudgetSays() throws IOException {
        assumePresent(DISK_ERRORS);
        AnalysisSnapshot s = TraceFiles.analyze(DISK_ERRORS, AnalysisConfig.defaults());
        DeviceErrors e = s.errors(s.device("vdb").id());
        Run zero = ReportCliTest.run("report", DISK_ERRORS.toString(), "--budget", "vdb=errors:0");
        assertThat(zero.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(zero.out()).contains("BROKEN vdb errors: " + e.failed() + " of " + e.requests() + " failed");
        // a budget vdb meets: the exit code is what the trace's other findings give
        Run met = ReportCliTest.run("report", DISK_ERRORS.toString(), "--budget", "vdb=errors:" + e.failed());
        boolean malformedOnlyOnVdb = s.errors().stream()
                .allMatch(x -> x.device() == e.device() || x.count(FailureCause.Kind.MALFORMED) == 0);
        boolean otherErrors = s.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR
                && !(f.kind() == FindingKind.DRIVER_ERRORS && f.device() == e.device())
                && !(f.kind() == FindingKind.MALFORMED_REQUESTS && malformedOnlyOnVdb));
        assertThat(met.code()).as(met.out()).isEqualTo(otherErrors ? ExitCodes.FINDINGS : ExitCodes.OK);
        assertThat(met.out()).contains("ok vdb errors: ", "within its device's error budget");
        Run rate = ReportCliTest.run("report", DISK_ERRORS.toString(), "--budget", "vdb=errors:100%", "--json");
        JsonNode j = new ObjectMapper().readTree(rate.out());
        assertThat(j.get("budgets").get(0).get("broken").asBoolean()).isFalse();
        assertThat(j.get("exit_code").asInt()).isEqualTo(rate.code());
    }

    @Test
    void badRequestsAreMalformedRequestsByReason() throws IOException {
        assumePresent(BAD_REQUESTS);
        AnalysisSnapshot s = TraceFiles.analyze(BAD_REQUESTS, AnalysisConfig.defaults());
        Map<String, Long> byReason = new TreeMap<>();
        for (DeviceErrors e : s.errors()) {
            for (CauseCount c : e.causes(FailureCause.Kind.MALFORMED)) {
                byReason.merge(c.cause().key(), c.count(), Long::sum);
            }
        }
        assertThat(byReason).as("refusals of several reasons").hasSizeGreaterThanOrEqualTo(2);
        List<Finding> m = s.findings().stream().filter(f -> f.kind() == FindingKind.MALFORMED_REQUESTS).toList();
        assertThat(m).hasSize(1);
        Finding f = m.get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        assertThat(f.summary()).startsWith("the AP sent " + total + " request");
        for (Map.Entry<String, Long> x : byReason.entrySet()) {
            assertThat(f.summary()).contains(x.getValue() + " " + x.getKey());
        }
        assertThat(f.evidence()).anyMatch(l -> l.startsWith("request " + f.requestId() + " on "));
        assertThat(Verdict.fails(s, List.of())).isTrue();
        Run r = ReportCliTest.run("report", BAD_REQUESTS.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        Matcher mm = Pattern.compile("MALFORMED_REQUESTS: the AP sent (\\d+) requests? Linux refused").matcher(r.out());
        assertThat(mm.find()).as(r.out()).isTrue();
        assertThat(Long.parseLong(mm.group(1))).isEqualTo(total);
    }
}
