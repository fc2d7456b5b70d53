package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.ErrorTraces;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.ReportCliTest;
import org.pmdi.analysis.ReportCliTest.Run;
import org.pmdi.analysis.cli.ExitCodes;

/** {@code diff}: its words, its JSON and its exit codes under {@code --fail-on}. */
class DiffCliTest {
    @TempDir
    static Path tmp;
    static String base;
    static String slow;
    static String errors;

    @BeforeAll
    static void traces() throws IOException {
        base = GeneratedTraces.write(tmp.resolve("base.pmdt"), 1, s -> GeneratedTraces.slowVdb(s, 1800, 1, 1))
                .toString();
        slow = GeneratedTraces.write(tmp.resolve("slow.pmdt"), 2, s -> GeneratedTraces.slowVdb(s, 1800, 2, 3))
                .toString();
        errors = ErrorTraces.write(tmp.resolve("errors.pmdt"), 3, ErrorTraces.diskErrors(2000, 10, true)).toString();
    }

    @Test
    void textNamesTheRegressionInPlainWords() {
        Run r = ReportCliTest.run("diff", base, slow);
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("base: " + base, "new:  " + slow, "Significant changes\n");
        String first = r.out().lines().dropWhile(l -> !l.equals("Significant changes")).skip(1).findFirst()
                .orElseThrow();
        assertThat(first).matches("  vdb read 4 KiB: (in-driver|total) p\\d\\d \\S+ µs → \\S+ µs, [0-9.]+× \\(95% CI"
                + " [0-9.]+–[0-9.]+×\\)");
        assertThat(r.out()).doesNotContain("no significant change");
    }

    @Test
    void allPrintsEveryGroupsTableWithTheRegressionMarked() {
        Run r = ReportCliTest.run("diff", base, slow, "--all", "--fail-on", "vdb:driver:p50:+20%");
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        String tables = r.out().substring(r.out().indexOf("All groups"));
        assertThat(tables).contains("  vdb read 4 KiB: ", "  vda read ");
        String driver = tables.substring(tables.indexOf("  vdb read 4 KiB: ")).lines()
                .filter(l -> l.startsWith("    in-driver ")).findFirst().orElseThrow();
        assertThat(driver).contains("×▲");
        assertThat(r.out().lines().reduce((a, b) -> b).orElseThrow()).as("the verdict stays last")
                .startsWith("FAIL vdb:driver:p50:+20%");
        assertThat(ReportCliTest.run("diff", base, slow).out()).doesNotContain("All groups");
    }

    @Test
    void sameTraceSaysNoSignificantChange() {
        Run r = ReportCliTest.run("diff", base, base);
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("Significant changes: none", "Failed requests: none on either side")
                .endsWith("no significant change\n");
    }

    @Test
    void failOnTripsOnTheLowerBoundOnly() {
        // vdb's driver is 3× slower: its lower bound is well above +20 % but below +1000 %
        Run tripped = ReportCliTest.run("diff", base, slow, "--fail-on", "vdb:driver:p50:+20%");
        assertThat(tripped.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(tripped.out()).contains("FAIL vdb:driver:p50:+20%: vdb read 4 KiB: in-driver p50");
        Run holds = ReportCliTest.run("diff", base, slow, "--fail-on", "vdb:driver:p50:+1000%", "--fail-on",
                "vda:p99:+20%");
        assertThat(holds.code()).isEqualTo(ExitCodes.OK);
        assertThat(holds.out()).doesNotContain("FAIL");
        assertThat(ReportCliTest.run("diff", base, slow, "--fail-on", "any:p50:+20%").code())
                .isEqualTo(ExitCodes.FINDINGS);
        assertThat(ReportCliTest.run("diff", base, base, "--fail-on", "any:p50:+0%").code())
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void failOnErrors() {
        Run worse = ReportCliTest.run("diff", base, errors, "--fail-on", "any:errors");
        assertThat(worse.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(worse.out()).contains("FAIL any:errors: vdb: failed 0 of 450");
        assertThat(ReportCliTest.run("diff", base, errors, "--fail-on", "vda:errors").code()).isEqualTo(ExitCodes.OK);
        assertThat(ReportCliTest.run("diff", errors, base, "--fail-on", "vdb:errors").code())
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void usageAndInputErrors() throws IOException {
        assertThat(ReportCliTest.run("diff", base, slow, "--fail-on", "vdb:p75:+20%").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ReportCliTest.run("diff", base, slow, "--fail-on", "vdb:p99:20").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ReportCliTest.run("diff", base, slow, "--fail-on", "vdb:nowhere:p99:+20%").code())
                .isEqualTo(ExitCodes.USAGE);
        Run typo = ReportCliTest.run("diff", base, slow, "--fail-on", "vdx:p99:+20%");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("neither trace has a device vdx");
        assertThat(ReportCliTest.run("diff", base, slow, "--min-effect", "0.9").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(ReportCliTest.run("diff", base).code()).isEqualTo(ExitCodes.USAGE);
        Run missing = ReportCliTest.run("diff", base, tmp.resolve("missing.pmdt").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err()).contains("missing.pmdt: no such file");
        for (String name : new String[] {"empty.pmdt", "junk.pmdt"}) {
            Path p = tmp.resolve(name);
            java.nio.file.Files.writeString(p, name.startsWith("junk") ? "not a trace\n" : "");
            Run nothing = ReportCliTest.run("diff", base, p.toString());
            assertThat(nothing.code()).as(name).isEqualTo(ExitCodes.IO);
            assertThat(nothing.err()).contains(name + (name.startsWith("junk") ? ": not a pmdi trace: none of its 12"
                    + " bytes forms a valid frame" : ": the file is empty"));
        }
    }

    @Test
    void jsonCarriesTheChangesGroupsAndExitCode() throws IOException {
        Run r = ReportCliTest.run("diff", base, slow, "--json", "--fail-on", "vdb:driver:p50:+20%");
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("exit_code").asInt()).isEqualTo(1);
        assertThat(j.path("base").path("path").asText()).isEqualTo(base);
        assertThat(j.path("config").path("min_effect").asDouble()).isEqualTo(1.25);
        JsonNode top = j.path("changes").get(0);
        assertThat(top.path("device").asText()).isEqualTo("vdb");
        assertThat(top.path("significant").asBoolean()).isTrue();
        assertThat(top.path("ci_low").asDouble()).isGreaterThan(1.25).isLessThan(top.path("ratio").asDouble() + 1e-9);
        assertThat(j.path("comparisons").asInt()).isPositive();
        boolean sawNull = false;
        for (JsonNode c : j.path("changes")) {
            if (!c.path("enough_samples").asBoolean()) {
                assertThat(c.path("ci_low").isNull()).isTrue();
                sawNull = true;
            }
        }
        assertThat(sawNull).as("p99 needs 500 requests, a group has 450").isTrue();
        JsonNode g = j.path("groups").get(0);
        assertThat(g.path("base").path("phases").path("total").path("count").asLong()).isPositive();
        assertThat(j.path("fail_on").get(0).path("rule").asText()).isEqualTo("vdb:driver:p50:+20%");
    }
}
