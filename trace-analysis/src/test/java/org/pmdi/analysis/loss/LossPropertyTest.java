package org.pmdi.analysis.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.ReportCliTest;

/**
 * The loss property over the real samples (issue 14 §2): damaged streams (frames dropped,
 * bytes flipped, holes cut, frames duplicated) never make up a stuck request or a silent
 * AP, and every stuck request the damage left provable is still diagnosed, with the exit
 * code to match. A fixed list of seeds, run in order until each sample's time budget is
 * spent (at least {@link #MIN_SEEDS}); {@code ./pmdi bench loss} runs thousands.
 */
class LossPropertyTest {
    private static final Path SAMPLES = Path.of("../samples");
    private static final long[] SEEDS = java.util.stream.LongStream.range(0, 64).map(i -> i * 7919 + 17).toArray();
    private static final long BUDGET_NS = 150_000_000L;
    private static final int MIN_SEEDS = 3;
    /** Each sample loaded once for the class (reading and decoding frame by frame takes a while). */
    private static final java.util.Map<String, LossCheck> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private static LossCheck load(String name) throws java.io.IOException {
        LossCheck c = LOADED.get(name);
        if (c == null) {
            c = LossCheck.load(SAMPLES.resolve(name + ".pmdt"));
            LOADED.put(name, c);
        }
        return c;
    }

    @Test
    void damageNeverMakesUpAStuckRequestNorHidesAProvableOne() throws Exception {
        assumeTrue(Files.exists(SAMPLES.resolve("healthy.pmdt")), "no samples");
        List<String> problems = new ArrayList<>();
        int required = 0;
        for (String name : LossCheck.SAMPLES) {
            LossCheck c = load(name);
            long t0 = System.nanoTime();
            int run = 0;
            for (long seed : SEEDS) {
                if (run >= MIN_SEEDS && System.nanoTime() - t0 > BUDGET_NS) {
                    break;
                }
                Damage d = run % 2 == 0 ? Damage.random(c.sample(), seed) : Damage.serialLine(c.sample(), seed);
                LossCheck.Outcome o = c.run(d);
                required += o.required();
                o.problems().forEach(p -> problems.add(name + " seed " + seed + " [" + d.description() + "]: " + p));
                run++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(required).as("stuck requests the damage left provable, over all samples").isPositive();
    }

    @Test
    void groundTruthIsTheSamplesStuckRequests() throws Exception {
        assumeTrue(Files.exists(SAMPLES.resolve("no-reap.pmdt")), "no samples");
        assertThat(load("no-reap").groundTruth()).hasSize(4);
        assertThat(load("healthy").groundTruth()).isEmpty();
    }

    /** The independent check: a healthy board stream through a noisy serial line, then the report CLI. */
    @Test
    void healthyStreamThroughASerialLineReportsNoStuckRequest() throws Exception {
        assumeTrue(Files.exists(SAMPLES.resolve("healthy.pmdt")), "no samples");
        SampleStream s = load("healthy").sample();
        Path f = Files.createTempFile("healthy-serial", ".pmdt");
        try {
            for (long seed : new long[] {1, 2}) {
                Damage d = Damage.serialLine(s, seed);
                assertThat(d.lost().cardinality()).as("the damage destroys frames").isGreaterThan(5);
                Files.write(f, d.bytes());
                ReportCliTest.Run r = ReportCliTest.run("report", f.toString());
                assertThat(r.out()).doesNotContain("STUCK_REQUEST").doesNotContain("AP_SILENT")
                        .contains("STUCK_UNCERTAIN: request ");
                assertThat(r.out().lines().filter(l -> l.contains("[INFO] STUCK_UNCERTAIN: request")))
                        .as("the text report shows the first few").hasSizeLessThanOrEqualTo(5);
                assertThat(r.code()).as(r.out()).isZero();
                ReportCliTest.Run json = ReportCliTest.run("report", f.toString(), "--json");
                assertThat(json.out().replaceAll("\\s", ""))
                        .contains("\"kind\":\"STUCK_UNCERTAIN\"", "\"exit_code\":0")
                        .doesNotContain("\"kind\":\"STUCK_REQUEST\"");
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
