package org.pmdi.analysis.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.ErrorTraces;
import org.pmdi.analysis.ErrorTraces.How;
import org.pmdi.analysis.ErrorTraces.Outcome;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.findings.FindingKind;

/**
 * Any mix of successes, driver errors and refusals on any devices: the analysis counts every
 * device's requests, failures and causes as they were written, and raises exactly the
 * findings the mix calls for.
 */
class ErrorCountProperties {
    @Property(tries = 25)
    void countsAndCausesMatchWhatWasWritten(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int n)
            throws IOException {
        List<Outcome> o = outcomes(new SplittableRandom(seed), n);
        Path dir = Files.createTempDirectory("errprop");
        try {
            AnalysisSnapshot s = TraceFiles.analyze(ErrorTraces.write(dir.resolve("p.pmdt"), seed & 0xffff, o),
                    AnalysisConfig.defaults());
            Map<Integer, long[]> want = new TreeMap<>();
            Map<Integer, Map<String, Long>> wantReasons = new TreeMap<>();
            for (Outcome x : o) {
                long[] c = want.computeIfAbsent(x.device(), d -> new long[2]);
                c[0]++;
                if (x.failed()) {
                    c[1]++;
                    wantReasons.computeIfAbsent(x.device(), d -> new TreeMap<>()).merge(x.expectedKey(), 1L,
                            Long::sum);
                }
            }
            Map<Integer, long[]> got = new TreeMap<>();
            Map<Integer, Map<String, Long>> gotReasons = new TreeMap<>();
            for (DeviceErrors e : s.errors()) {
                got.put(e.device(), new long[] {e.requests(), e.failed()});
                if (e.failed() > 0) {
                    gotReasons.put(e.device(), new TreeMap<>(e.byReason()));
                }
                assertThat(e.causes().stream().mapToLong(CauseCount::count).sum()).isEqualTo(e.failed());
                assertThat(e.failedLatency().count()).isEqualTo(e.failed());
            }
            assertThat(got).usingRecursiveComparison().isEqualTo(want);
            assertThat(gotReasons).isEqualTo(wantReasons);
            boolean driver = o.stream().anyMatch(x -> "device_error".equals(x.expectedKey()));
            boolean malformed = o.stream().anyMatch(x -> x.expectedKey() != null
                    && FailureCause.refused(org.pmdi.trace.RefusalReason.of(x.reason())).kind()
                            == FailureCause.Kind.MALFORMED);
            assertThat(s.findings().stream().anyMatch(f -> f.kind() == FindingKind.DRIVER_ERRORS)).isEqualTo(driver);
            assertThat(s.findings().stream().anyMatch(f -> f.kind() == FindingKind.MALFORMED_REQUESTS))
                    .isEqualTo(malformed);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** {@code n} requests on devices 0..3 and 9 (not in the header): half succeed, the rest fail in every way. */
    static List<Outcome> outcomes(SplittableRandom rnd, int n) {
        long[] statuses = {-5, -22, -14, -12, -108, -19, -61};
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int dev = rnd.nextInt(10) == 0 ? 9 : rnd.nextInt(4);
            long status = statuses[rnd.nextInt(statuses.length)];
            int reason = rnd.nextInt(14) - 1; // -1 none, 0..11 the ABI's codes, 12 one this version does not know
            out.add(switch (rnd.nextInt(4)) {
                case 0, 1 -> Outcome.ok(dev, 1 + rnd.nextInt(100_000));
                case 2 -> Outcome.driver(dev, status, reason, 1 + rnd.nextInt(100_000));
                default -> new Outcome(dev, How.REFUSED, status, reason, 0);
            });
        }
        return out;
    }
}
