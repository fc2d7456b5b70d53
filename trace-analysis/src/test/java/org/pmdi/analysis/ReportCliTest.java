package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.cli.ExitCodes;
import org.pmdi.analysis.cli.Main;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.trace.LogLevel;
import picocli.CommandLine;

/** The report command's exit codes and its JSON. */
public class ReportCliTest {
    @TempDir
    static Path tmp;
    static Path healthy;
    static Path stuck;
    static Path broken;
    static Path linuxErrors;

    @BeforeAll
    static void traces() throws IOException {
        healthy = GeneratedTraces.write(tmp.resolve("healthy.pmdt"), 1, s -> GeneratedTraces.healthy(s, 200, 1));
        stuck = GeneratedTraces.write(tmp.resolve("stuck.pmdt"), 2, s -> GeneratedTraces.oneStuck(s, StopAt.IN_DRIVER));
        broken = GeneratedTraces.write(tmp.resolve("broken.pmdt"), 16, GeneratedTraces::channelBroken);
        linuxErrors = GeneratedTraces.write(tmp.resolve("errors.pmdt"), 3, s -> {
            GeneratedTraces.healthy(s, 40, 3);
            s.log(true, LogLevel.ERR.code(), "pmdi: vdb: request 9 failed: -5 (EIO)");
        });
    }

    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void healthyExitsZero() {
        Run r = run("report", healthy.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("findings: none", "stuck requests: none");
    }

    @Test
    void stuckExitsOne() {
        Run r = run("report", stuck.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("req 101 on vdb", "inside the driver (driver never returned)");
    }

    @Test
    void stuckThresholdOptionPerDevice() {
        assertThat(run("report", stuck.toString(), "--stuck-threshold", "vdb=5s").code()).isEqualTo(ExitCodes.OK);
        assertThat(run("report", stuck.toString(), "--stuck-threshold", "5s").code()).isEqualTo(ExitCodes.OK);
        assertThat(run("report", stuck.toString(), "--stuck-threshold", "vda=5s").code())
                .isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void budgets() {
        assertThat(run("report", healthy.toString(), "--budget", "vda=p99:10").code()).isEqualTo(ExitCodes.OK);
        Run broken = run("report", healthy.toString(), "--budget", "vda=p99:0.001", "--budget", "vdb=max:10");
        assertThat(broken.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(broken.out()).contains("BROKEN vda p99", "ok vdb max");
        assertThat(run("report", healthy.toString(), "--budget", "nosuch=p99:10").code())
                .isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void usageAndIoErrors() {
        assertThat(run("report", healthy.toString(), "--budget", "vda=p42:1").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("report").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("report", tmp.resolve("missing.pmdt").toString()).code()).isEqualTo(ExitCodes.IO);
        assertThat(run("export", healthy.toString()).code()).isEqualTo(ExitCodes.USAGE);
    }

    /**
     * A file that holds no trace is an error that names the file and says why, never an
     * empty, healthy report: random bytes, an empty file, a directory, a missing file.
     */
    @Test
    void whatIsNotATraceIsRefusedInPlainWords() throws IOException {
        Path junk = tmp.resolve("random.bin");
        byte[] bytes = new byte[5000];
        new java.util.Random(7).nextBytes(bytes);
        java.nio.file.Files.write(junk, bytes);
        Path empty = java.nio.file.Files.createFile(tmp.resolve("empty.pmdt"));
        String[][] cases = {
            {junk.toString(), "random.bin: not a pmdi trace: none of its 5000 bytes forms a valid frame"},
            {empty.toString(), "empty.pmdt: the file is empty"},
            {tmp.toString(), ": is a directory, not a trace file"},
            {tmp.resolve("missing.pmdt").toString(), "missing.pmdt: no such file"},
        };
        for (String[] c : cases) {
            for (String cmd : new String[] {"report", "export"}) {
                Run r = cmd.equals("report") ? run(cmd, c[0])
                        : run(cmd, c[0], "--csv", tmp.resolve("out.csv").toString());
                assertThat(r.code()).as(cmd + " " + c[0]).isEqualTo(ExitCodes.IO);
                assertThat(r.err()).as(cmd + " " + c[0]).startsWith("pmdi " + cmd + ": ").contains(c[1]);
                assertThat(r.out()).as(cmd + " " + c[0]).isEmpty();
            }
        }
        Run out = run("export", healthy.toString(), "--csv", "/proc/no-such-dir/out.csv");
        assertThat(out.code()).isEqualTo(ExitCodes.IO);
        assertThat(out.err()).startsWith("pmdi export: /proc/no-such-dir").contains(": no such file or directory");
        Run conf = run("conformance-trace", junk.toString());
        assertThat(conf.code()).isEqualTo(ExitCodes.IO);
        assertThat(conf.out()).startsWith("FAIL trace-lossless: the trace cannot be read: ").contains("random.bin");
    }

    /**
     * A bad threshold is a usage error (exit 2) that names the option, never a stack trace
     * with exit 1, which a script would take for stuck requests; a threshold for a device the
     * trace does not have is one too (a typo would leave that device at the default).
     */
    @Test
    void badThresholdsAreUsageErrors() {
        String[][] cases = {
            {"--stuck-threshold", "-1s", "--stuck-threshold -1s: must be longer than 0"},
            {"--stuck-threshold", "0", "--stuck-threshold 0: must be longer than 0"},
            {"--stuck-threshold", "vdb=abc", "--stuck-threshold vdb=abc: text must be a duration"},
            {"--stuck-threshold", "=5s", "--stuck-threshold =5s: no device before '='"},
            {"--ap-silent", "0s", "--ap-silent 0s: must be longer than 0"},
            {"--stuck-threshold", "vdx=5s", "--stuck-threshold vdx=5s: the trace has no device vdx (its devices: "},
        };
        for (String[] c : cases) {
            Run r = run("report", stuck.toString(), c[0], c[1]);
            assertThat(r.code()).as(c[1]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(c[1]).startsWith("pmdi report: " + c[2]).doesNotContain("Exception");
        }
        for (String b : new String[] {"vda=p99:-5", "vda=p99:NaN", "vda=p99:0"}) {
            Run r = run("report", stuck.toString(), "--budget", b);
            assertThat(r.code()).as(b).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(b).contains("budget milliseconds must be more than 0").contains(b);
        }
        // export has no analysis option (none changes an export): refused, not silently ignored
        Run e = run("export", stuck.toString(), "--csv", tmp.resolve("t.csv").toString(), "--stuck-threshold", "2s");
        assertThat(e.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(e.err()).contains("Unknown options: '--stuck-threshold'");
        assertThat(run("report", stuck.toString(), "--stuck-threshold", "vdb=5s").code()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void channelBrokenExitsOneAndSaysWhy() {
        Run r = run("report", broken.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).containsPattern("\\[ERROR\\] CHANNEL_BROKEN: Linux stopped serving the AP: the AP's "
                + "request ring index is impossible \\(at \\d+\\.\\d{2} ms\\)")
                .contains("[WARNING] LINUX_ERROR: Linux logged 2 error(s), the first: pmdi: vdb: request 17 failed: -5",
                        "stuck requests: none");
    }

    @Test
    void otherLinuxErrorsAloneExitZero() {
        Run r = run("report", linuxErrors.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("[WARNING] LINUX_ERROR: Linux logged 1 error(s), the first: pmdi: vdb: request 9");
    }

    @Test
    void channelBrokenJson() throws IOException {
        Run r = run("report", broken.toString(), "--json");
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("exit_code").asInt()).isEqualTo(1);
        JsonNode f = j.get("findings");
        assertThat(f).hasSize(2);
        assertThat(f.get(0).get("kind").asText()).isEqualTo("CHANNEL_BROKEN");
        assertThat(f.get(0).get("severity").asText()).isEqualTo("ERROR");
        long at = f.get(0).get("at_ns").asLong();
        assertThat(f.get(0).get("summary").asText()).isEqualTo("Linux stopped serving the AP: the AP's request ring "
                + "index is impossible (at " + org.pmdi.analysis.findings.Durations.format(at) + ")");
        assertThat(f.get(0).has("device")).isFalse();
        assertThat(f.get(0).get("evidence").get(0).asText())
                .isEqualTo("Linux log (error): channel broken: the AP's request ring index is impossible");
        assertThat(f.get(1).get("kind").asText()).isEqualTo("LINUX_ERROR");
        assertThat(f.get(1).get("severity").asText()).isEqualTo("WARNING");
        assertThat(f.get(1).get("at_ns").asLong()).isLessThan(at);
        assertThat(f.get(1).get("evidence")).hasSize(2);
        assertThat(j.get("stuck")).isEmpty();
        JsonNode clean = new ObjectMapper().readTree(run("report", linuxErrors.toString(), "--json").out());
        assertThat(clean.get("exit_code").asInt()).isZero();
        assertThat(clean.get("findings").get(0).get("kind").asText()).isEqualTo("LINUX_ERROR");
    }

    @Test
    void json() throws IOException {
        Run r = run("report", stuck.toString(), "--json", "--budget", "vda=p99:10");
        assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("exit_code").asInt()).isEqualTo(1);
        assertThat(j.get("completed").asLong()).isEqualTo(200);
        assertThat(j.get("stuck")).hasSize(1);
        assertThat(j.get("stuck").get(0).get("reason").asText()).isEqualTo("IN_DRIVER");
        assertThat(j.get("stuck").get(0).get("request").asLong()).isEqualTo(101);
        assertThat(j.get("devices")).hasSize(4);
        assertThat(j.get("latency").get(0).get("phase").asText()).isEqualTo("total");
        assertThat(j.get("budgets").get(0).get("broken").asBoolean()).isFalse();
        assertThat(j.get("findings").get(0).get("kind").asText()).isEqualTo("STUCK_REQUEST");
    }
}
