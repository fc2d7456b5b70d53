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
import picocli.CommandLine;

/** The report command's exit codes and its JSON. */
public class ReportCliTest {
    @TempDir
    static Path tmp;
    static Path healthy;
    static Path stuck;

    @BeforeAll
    static void traces() throws IOException {
        healthy = GeneratedTraces.write(tmp.resolve("healthy.pmdt"), 1, s -> GeneratedTraces.healthy(s, 200, 1));
        stuck = GeneratedTraces.write(tmp.resolve("stuck.pmdt"), 2, s -> GeneratedTraces.oneStuck(s, StopAt.IN_DRIVER));
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
