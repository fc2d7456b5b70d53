package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.ErrorTraces.Outcome;
import org.pmdi.analysis.ReportCliTest.Run;
import org.pmdi.analysis.cli.ExitCodes;
import org.pmdi.trace.RefusalReason;

/** The report on failing devices and refused requests: text, exit codes with error budgets, JSON. */
class ErrorReportCliTest {
    @TempDir
    static Path tmp;
    static Path disk;
    static List<Outcome> diskOutcomes;
    static Path bad;
    static Path healthy;

    @BeforeAll
    static void traces() throws IOException {
        diskOutcomes = ErrorTraces.diskErrors(400, 4, true);
        disk = ErrorTraces.write(tmp.resolve("disk.pmdt"), 31, diskOutcomes);
        List<Outcome> b = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            b.add(Outcome.ok(1 + i % 2, 100));
            if (i % 4 == 0) {
                b.add(Outcome.refused(1, RefusalReason.BAD_LENGTH, ErrorTraces.EINVAL));
            }
            if (i % 13 == 0) {
                b.add(Outcome.refused(2, RefusalReason.BAD_BUFFER, -14));
            }
        }
        bad = ErrorTraces.write(tmp.resolve("bad.pmdt"), 32, b);
        healthy = GeneratedTraces.write(tmp.resolve("healthy.pmdt"), 33, s -> GeneratedTraces.healthy(s, 100, 33));
    }

    static long vdbFailed() {
        return diskOutcomes.stream().filter(o -> o.device() == 2 && o.failed()).count();
    }

    static long vdbRequests() {
        return diskOutcomes.stream().filter(o -> o.device() == 2).count();
    }

    @Test
    void theReportNamesTheFailingDeviceItsCountAndRate() {
        Run r = ReportCliTest.run("report", disk.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("[ERROR] DRIVER_ERRORS: the Linux driver failed " + vdbFailed() + " of "
                + vdbRequests() + " requests on vdb with EIO since ");
        assertThat(r.out()).containsPattern("\\n  vdb +" + vdbRequests() + " +" + vdbFailed() + " +25\\.0 %");
        assertThat(r.out()).contains("device_error " + vdbFailed() + " (EIO)");
    }

    @Test
    void errorBudgetsDecideTheExitCode() {
        long n = vdbFailed();
        assertThat(code(disk, "vdb=errors:0")).isEqualTo(ExitCodes.FINDINGS);
        assertThat(code(disk, "vdb=errors:" + (n - 1))).isEqualTo(ExitCodes.FINDINGS);
        assertThat(code(disk, "vdb=errors:" + n)).isEqualTo(ExitCodes.OK);
        assertThat(code(disk, "2=errors:" + n)).as("by device id").isEqualTo(ExitCodes.OK);
        assertThat(code(disk, "vdb=errors:25%")).isEqualTo(ExitCodes.OK);
        assertThat(code(disk, "vdb=errors:24.9%")).isEqualTo(ExitCodes.FINDINGS);
        // a budget on another device does not excuse vdb; one broken budget fails the run
        assertThat(code(disk, "vda=errors:0")).isEqualTo(ExitCodes.FINDINGS);
        assertThat(code(disk, "vdb=errors:50%", "vda=errors:0")).isEqualTo(ExitCodes.OK);
        assertThat(code(disk, "vdb=errors:50%", "vdb=p99:0.000001")).isEqualTo(ExitCodes.FINDINGS);
        assertThat(code(healthy, "vda=errors:0", "vdb=errors:0%")).isEqualTo(ExitCodes.OK);
        assertThat(code(healthy, "nosuch=errors:0")).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void theReportSaysWhichBudgetBrokeAndWhy() {
        Run r = ReportCliTest.run("report", disk.toString(), "--budget", "vdb=errors:3", "--budget", "vda=errors:0");
        assertThat(r.out()).contains("BROKEN vdb errors: " + vdbFailed() + " of " + vdbRequests()
                + " failed (25.0 %), more than 3; device_error " + vdbFailed() + " (EIO)");
        assertThat(r.out()).contains("ok vda errors: 0 of ");
        assertThat(r.out()).doesNotContain("within its device's error budget");
        Run ok = ReportCliTest.run("report", disk.toString(), "--budget", "vdb=errors:30%");
        assertThat(ok.code()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("[ERROR] DRIVER_ERRORS", "within its device's error budget: does not fail the"
                + " report", "ok vdb errors: " + vdbFailed() + " of " + vdbRequests() + " failed (25.0 %), within 30 %");
    }

    @Test
    void malformedRequestsFailUnlessEveryDeviceTheyWentToHasABudget() {
        Run r = ReportCliTest.run("report", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("[ERROR] MALFORMED_REQUESTS: the AP sent 14 requests Linux refused, a bug in the"
                + " new OS: 10 bad_length, 4 bad_buffer");
        assertThat(code(bad, "vda=errors:10")).isEqualTo(ExitCodes.FINDINGS);
        assertThat(code(bad, "vda=errors:10", "vdb=errors:4")).isEqualTo(ExitCodes.OK);
        assertThat(code(bad, "vda=errors:9", "vdb=errors:4")).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void badErrorBudgetsAreUsageErrors() {
        for (String b : new String[] {"vdb=errors:", "vdb=errors:x", "vdb=errors:-1", "vdb=errors:101%",
            "vdb=errors:1.5", "=errors:0"}) {
            Run r = ReportCliTest.run("report", disk.toString(), "--budget", b);
            assertThat(r.code()).as(b).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(b).contains("pmdi report: ");
        }
    }

    @Test
    void jsonHasTheErrorsTheFindingsAndTheBudgets() throws IOException {
        Run r = ReportCliTest.run("report", disk.toString(), "--json", "--budget", "vdb=errors:1%", "--budget",
                "vda=errors:0");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("exit_code").asInt()).isEqualTo(r.code()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode vdb = null;
        for (JsonNode e : j.get("errors")) {
            if (e.get("name").asText().equals("vdb")) {
                vdb = e;
            }
        }
        assertThat(vdb).isNotNull();
        assertThat(vdb.get("device").asInt()).isEqualTo(2);
        assertThat(vdb.get("requests").asLong()).isEqualTo(vdbRequests());
        assertThat(vdb.get("failed").asLong()).isEqualTo(vdbFailed());
        assertThat(vdb.get("rate").asDouble()).isEqualTo(0.25);
        assertThat(vdb.get("by_status").get("EIO").asLong()).isEqualTo(vdbFailed());
        assertThat(vdb.get("by_reason").get("device_error").asLong()).isEqualTo(vdbFailed());
        assertThat(vdb.get("first_failure_ns").asLong()).isPositive().isLessThan(vdb.get("last_failure_ns").asLong());
        JsonNode cause = vdb.get("causes").get(0);
        assertThat(cause.get("kind").asText()).isEqualTo("device_error");
        assertThat(cause.get("reason").asText()).isEqualTo("device_error");
        assertThat(cause.get("status").asLong()).isEqualTo(-5);
        assertThat(cause.get("status_name").asText()).isEqualTo("EIO");
        assertThat(cause.get("first_requests")).hasSize(5);
        assertThat(vdb.get("failed_latency").get("count").asLong()).isEqualTo(vdbFailed());
        JsonNode f = null;
        for (JsonNode x : j.get("findings")) {
            if (x.get("kind").asText().equals("DRIVER_ERRORS")) {
                f = x;
            }
        }
        assertThat(f).isNotNull();
        assertThat(f.get("severity").asText()).isEqualTo("ERROR");
        assertThat(f.get("device").asInt()).isEqualTo(2);
        assertThat(f.get("request").asLong()).isEqualTo(cause.get("first_requests").get(0).asLong());
        assertThat(f.get("at_ns").asLong()).isEqualTo(vdb.get("first_failure_ns").asLong());
        JsonNode b0 = j.get("budgets").get(0);
        assertThat(b0.get("kind").asText()).isEqualTo("errors");
        assertThat(b0.get("device").asText()).isEqualTo("vdb");
        assertThat(b0.get("limit_rate").asDouble()).isEqualTo(0.01);
        assertThat(b0.get("failed").asLong()).isEqualTo(vdbFailed());
        assertThat(b0.get("broken").asBoolean()).isTrue();
        assertThat(b0.get("message").asText()).contains("more than 1 %");
        JsonNode b1 = j.get("budgets").get(1);
        assertThat(b1.get("limit_failed").asLong()).isZero();
        assertThat(b1.get("broken").asBoolean()).isFalse();
    }

    static int code(Path trace, String... budgets) {
        List<String> args = new ArrayList<>(List.of("report", trace.toString()));
        for (String b : budgets) {
            args.add("--budget");
            args.add(b);
        }
        return ReportCliTest.run(args.toArray(new String[0])).code();
    }
}
