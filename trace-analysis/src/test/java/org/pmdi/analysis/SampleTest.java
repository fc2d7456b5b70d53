package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckRequest;

/**
 * The real board samples: for each {@code samples/NAME.pmdt} with an expectation file
 * {@code trace-analysis/src/test/resources/samples/NAME.expect}, run the report and check it.
 * Adding a sample is: commit the trace, then a few lines of expectations:
 *
 * <pre>
 * # samples/slow-disk.pmdt: two disks, only vdb throttled
 * exit = 0                       # the report's exit code
 * findings = SLOW_DRIVER         # exact set of finding kinds, or none
 * slow_driver = vdb              # the device named by the slow-driver finding
 * stuck = IN_DRIVER              # exact list of stuck reasons (any order), or none
 * driver_errors = vdb            # exact set of devices named by DRIVER_ERRORS, or none
 * malformed = bad_length         # exact set of malformed-request reasons, or none
 * args = --stuck-threshold 2s    # optional report options
 * frames_dropped = eth1          # exact set of NICs with counted drops (FRAMES_DROPPED warnings), or none
 * nic_latency = eth1             # NICs that must show both tx and rx latency
 * pcap_min_frames = 100          # export --pcap writes at least this many frames
 * </pre>
 *
 * A sample without expectations is reported as skipped, not failed.
 */
class SampleTest {
    static final Path SAMPLES = Path.of("../samples");
    static final Path EXPECT = Path.of("src/test/resources/samples");

    static Map<String, String> expectations(Path f) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String l = line.replaceAll("\\s+#.*$", "").strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            m.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return m;
    }

    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        List<Path> traces = new ArrayList<>();
        if (Files.isDirectory(SAMPLES)) {
            try (Stream<Path> s = Files.list(SAMPLES)) {
                s.filter(p -> p.toString().endsWith(".pmdt")).sorted().forEach(traces::add);
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every expectation has its sample", () -> {
            if (Files.isDirectory(EXPECT)) {
                try (Stream<Path> s = Files.list(EXPECT)) {
                    for (Path e : s.filter(p -> p.toString().endsWith(".expect")).toList()) {
                        String name = e.getFileName().toString().replace(".expect", ".pmdt");
                        assertThat(SAMPLES.resolve(name)).as("sample for %s", e).exists();
                    }
                }
            }
        }));
        if (traces.isEmpty()) {
            tests.add(DynamicTest.dynamicTest("no samples yet", () -> assumeTrue(false,
                    "samples/ holds no .pmdt trace yet (the tracing issue records them)")));
        }
        for (Path t : traces) {
            String name = t.getFileName().toString().replace(".pmdt", "");
            tests.add(DynamicTest.dynamicTest(name, () -> check(t, EXPECT.resolve(name + ".expect"))));
        }
        return tests.stream();
    }

    /** "a, b" → [a, b]; "none" → []. */
    static List<String> list(String v) {
        return v.equals("none") ? List.of() : Arrays.stream(v.split("\\s*,\\s*")).toList();
    }

        static void check(Path trace, Path expectFile) throws IOException {
        assumeTrue(Files.exists(expectFile), "no expectations for " + trace + " (add " + expectFile + ")");
        Map<String, String> e = expectations(expectFile);
        List<String> args = new ArrayList<>(List.of("report", trace.toString()));
        if (e.containsKey("args")) {
            args.addAll(Arrays.asList(e.get("args").split("\\s+")));
        }
        ReportCliTest.Run r = ReportCliTest.run(args.toArray(new String[0]));
        AnalysisSnapshot s = TraceFiles.analyze(trace, AnalysisConfig.defaults());
        if (e.containsKey("exit")) {
            assertThat(r.code()).as("exit code; report:%n%s", r.out()).isEqualTo(Integer.parseInt(e.get("exit")));
        }
        if (e.containsKey("findings")) {
            List<String> want = e.get("findings").equals("none") ? List.of()
                    : Arrays.stream(e.get("findings").split("\\s*,\\s*")).toList();
            assertThat(s.findings().stream().map(f -> f.kind().name()).distinct().toList()).as(r.out())
                    .containsExactlyInAnyOrderElementsOf(want);
        }
        if (e.containsKey("slow_driver")) {
            List<String> slow = s.findings().stream().filter(f -> f.kind() == FindingKind.SLOW_DRIVER)
                    .map(Finding::device).map(d -> s.device(d).name()).toList();
            assertThat(slow).as(r.out()).containsExactly(e.get("slow_driver"));
        }
        if (e.containsKey("driver_errors")) {
            List<String> devs = s.findings().stream().filter(f -> f.kind() == FindingKind.DRIVER_ERRORS)
                    .map(f -> s.device(f.device()).name()).toList();
            assertThat(devs).as(r.out()).containsExactlyInAnyOrderElementsOf(list(e.get("driver_errors")));
        }
        if (e.containsKey("malformed")) {
            List<String> reasons = s.errors().stream()
                    .flatMap(x -> x.causes(org.pmdi.analysis.errors.FailureCause.Kind.MALFORMED).stream())
                    .map(c -> c.cause().key()).distinct().toList();
            assertThat(reasons).as(r.out()).containsExactlyInAnyOrderElementsOf(list(e.get("malformed")));
        }
        if (e.containsKey("frames_dropped")) {
            List<String> devs = s.findings().stream()
                    .filter(f -> f.kind() == FindingKind.FRAMES_DROPPED && f.severity() == Severity.WARNING)
                    .map(f -> s.device(f.device()).name()).toList();
            assertThat(devs).as(r.out()).containsExactlyInAnyOrderElementsOf(list(e.get("frames_dropped")));
        }
        if (e.containsKey("nic_latency")) {
            for (String nic : list(e.get("nic_latency"))) {
                int id = s.device(nic).id();
                for (String dir : List.of("tx", "rx")) {
                    assertThat(s.latency(id, dir)).as(nic + " " + dir + "; report:%n%s", r.out()).isNotNull()
                            .satisfies(l -> assertThat(l.count()).isPositive());
                }
            }
        }
        if (e.containsKey("pcap_min_frames")) {
            Path pcap = Files.createTempFile("sample", ".pcap");
            try {
                Exports.run(trace, AnalysisConfig.defaults(), TimeRange.ALL, null, null, null, pcap);
                assertThat(PcapExportTest.read(pcap)).hasSizeGreaterThanOrEqualTo(
                        Integer.parseInt(e.get("pcap_min_frames")));
            } finally {
                Files.deleteIfExists(pcap);
            }
        }
        if (e.containsKey("stuck")) {
            List<String> want = e.get("stuck").equals("none") ? List.of()
                    : Arrays.stream(e.get("stuck").split("\\s*,\\s*")).toList();
            assertThat(s.stuck().stream().map(StuckRequest::reason).map(Enum::name).toList()).as(r.out())
                    .containsExactlyInAnyOrderElementsOf(want);
        }
    }
}
