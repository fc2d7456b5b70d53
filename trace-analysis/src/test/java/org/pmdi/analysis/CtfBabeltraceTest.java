package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.RequestColumns;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.synth.StopAt;

/**
 * End to end: our CTF export read by the real babeltrace2, its text output compared with our
 * CSV field by field (and every trace event accounted for). Skipped, saying so, only when
 * babeltrace2 is not installed.
 */
class CtfBabeltraceTest {
    private static final Pattern FIELD = Pattern.compile("(\\w+) = (\"[^\"]*\"|-?\\d+)");

    @TempDir
    static Path tmp;
    static Path trace;

    @BeforeAll
    static void setUp() throws IOException {
        trace = GeneratedTraces.write(tmp.resolve("t.pmdt"), 9, s -> {
            GeneratedTraces.slowVdb(s, 300, 9, 4);
            s.request(2, 1, 4096, 0, StopAt.IN_DRIVER);
            GeneratedTraces.healthy(s, 50, 10);
            s.idle(1_200_000_000L);
        });
    }

    static boolean babeltrace2() {
        try {
            Process p = new ProcessBuilder("babeltrace2", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<String> babeltrace(Path dir) throws IOException, InterruptedException {
        Path out = dir.resolveSibling(dir.getFileName() + ".txt");
        Process p = new ProcessBuilder("babeltrace2", dir.toString()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("babeltrace2 exit code").isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** Payload fields of one babeltrace2 text line (the last {...} group). */
    static Map<String, String> payload(String line) {
        String body = line.substring(line.lastIndexOf("}, {") + 3);
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = FIELD.matcher(body);
        while (x.find()) {
            String v = x.group(2);
            m.put(x.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return m;
    }

    private void compare(TimeRange range, String name) throws Exception {
        assumeTrue(babeltrace2(), "babeltrace2 is not installed: skipping the CTF end-to-end comparison");
        Path csv = tmp.resolve(name + ".csv");
        Path ctf = tmp.resolve(name + "-ctf");
        TraceAnalyzer a = Exports.run(trace, AnalysisConfig.defaults(), range, null, csv, ctf);
        List<String> lines = babeltrace(ctf);
        Map<String, Map<String, String>> fromCtf = new HashMap<>();
        long ringEvents = 0;
        for (String l : lines) {
            if (l.contains(") request: ")) {
                Map<String, String> f = payload(l);
                fromCtf.put(f.get("req"), f);
            } else {
                ringEvents++;
                long t = Long.parseLong(payload(l).get("t_ns"));
                assertThat(range.contains(t)).as("event in range: %s", l).isTrue();
            }
        }
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo(String.join(",", RequestColumns.NAMES));
        List<String> names = RequestColumns.NAMES;
        int compared = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertThat(cells).hasSize(names.size());
            Map<String, String> f = fromCtf.remove(cells[0]);
            assertThat(f).as("request %s in babeltrace2 output", cells[0]).isNotNull();
            assertThat(f.keySet()).containsExactlyElementsOf(names);
            for (int i = 0; i < names.size(); i++) {
                String ctfValue = f.get(names.get(i));
                String expect = cells[i];
                if (expect.isEmpty() && i != RequestColumns.DEVICE_NAME && i != RequestColumns.FLAGS) {
                    assertThat(ctfValue).as("req %s %s", cells[0], names.get(i))
                            .isIn(Long.toString(Long.MIN_VALUE), "-1");
                } else {
                    assertThat(ctfValue).as("req %s %s: csv row %s vs ctf %s", cells[0], names.get(i), row, f).isEqualTo(expect);
                }
                compared++;
            }
        }
        assertThat(fromCtf).as("requests only in CTF").isEmpty();
        assertThat(rows.size() - 1).isGreaterThan(10);
        assertThat(compared).isEqualTo((rows.size() - 1) * names.size());
        if (range.equals(TimeRange.ALL)) {
            assertThat(ringEvents).isEqualTo(a.events());
            assertThat(rows).anyMatch(r -> r.contains("doorbell_suppressed"));
            assertThat(rows.size() - 1).isEqualTo(351);
        }
    }

    @Test
    void wholeTraceMatchesCsvFieldByField() throws Exception {
        compare(TimeRange.ALL, "all");
    }

    @Test
    void timeRangeMatchesCsvFieldByField() throws Exception {
        compare(TimeRange.of(2_000_000, 6_000_000), "range");
    }
}
