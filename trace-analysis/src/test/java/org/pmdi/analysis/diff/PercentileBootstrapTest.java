package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The bootstrap's pieces: ranks as HdrHistogram counts them, the Beta shortcut, the intervals. */
class PercentileBootstrapTest {
    static Histogram lognormal(long seed, int n, double medianNs, double sigma) {
        SplittableRandom r = new SplittableRandom(seed);
        Histogram h = new Histogram(3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.max(1, Math.round(medianNs * Math.exp(sigma * r.nextGaussian()))));
        }
        return h;
    }

    @Property(tries = 500)
    void rankGivesHdrHistogramsPercentile(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 3000) int n, @ForAll @IntRange(min = 1, max = 100) int percentile,
            @ForAll @DoubleRange(min = 0.001, max = 100) @Scale(6) double anyPercentile) {
        Histogram h = lognormal(seed, n, 50_000, 1.5);
        Bins b = Bins.of(h);
        assertThat(b.total()).isEqualTo(n);
        for (double p : new double[] {percentile, anyPercentile, 50, 90, 99, 99.9}) {
            assertThat(b.valueAtRank(Bins.rank(p, n))).as("p%s of %d values", p, n)
                    .isEqualTo(h.getValueAtPercentile(p));
        }
    }

    /**
     * Drawing one Beta(k, n+1-k) per round gives the same distribution of the resampled
     * percentile as drawing all n values and taking the k-th smallest.
     */
    @Test
    void betaShortcutMatchesFullResampling() {
        Histogram h = lognormal(7, 60, 100_000, 0.8);
        Bins b = Bins.of(h);
        int rounds = 20_000;
        for (double p : new double[] {50, 90}) {
            long[] fast = PercentileBootstrap.tally(b, p, rounds, new SplittableRandom(1));
            long[] slow = new long[b.size()];
            SplittableRandom r = new SplittableRandom(2);
            long n = b.total();
            long k = Bins.rank(p, n);
            for (int i = 0; i < rounds; i++) {
                long[] counts = new long[b.size()];
                for (int j = 0; j < n; j++) {
                    counts[b.binAt(1 + r.nextLong(n))]++; // one value drawn from the histogram
                }
                long run = 0;
                int bin = 0;
                while ((run += counts[bin]) < k) {
                    bin++;
                }
                slow[bin]++;
            }
            double tv = 0;
            for (int i = 0; i < b.size(); i++) {
                tv += Math.abs(fast[i] - slow[i]) / (2.0 * rounds);
            }
            assertThat(tv).as("total variation distance at p%s", p).isLessThan(0.03);
        }
    }

    @Property(tries = 30)
    void identicalHistogramsGiveAnIntervalContainingOne(@ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll @IntRange(min = 10, max = 2000) int n) {
        Bins b = Bins.of(lognormal(seed, n, 200_000, 1.0));
        for (Stat s : Stat.values()) {
            PercentileBootstrap.Interval ci = PercentileBootstrap.ratio(b, b, s.percentile(), 0.05, 1000, 1000,
                    new SplittableRandom(seed));
            assertThat(ci.low()).isLessThanOrEqualTo(1.0);
            assertThat(ci.high()).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void aKnownScaleIsInsideTheIntervalAndOneIsNot() {
        Histogram base = lognormal(1, 2000, 100_000, 0.5);
        Histogram neu = lognormal(2, 2000, 300_000, 0.5);
        for (Stat s : Stat.values()) {
            PercentileBootstrap.Interval ci = PercentileBootstrap.ratio(Bins.of(base), Bins.of(neu), s.percentile(),
                    0.05 / 3, 1000, 1000, new SplittableRandom(3));
            assertThat(ci.low()).as(s.key()).isLessThan(3.0).isGreaterThan(1.5);
            assertThat(ci.high()).as(s.key()).isGreaterThan(3.0).isLessThan(6.0);
        }
    }

    /**
     * Over many pairs of samples from one distribution, the interval at 90 % misses 1 about
     * 10 % of the time: not far more (too narrow), not never (too wide to be useful). Measured:
     * 26, 30 and 31 of 300 for p50, p90 (400 values a side) and p99 (2000).
     */
    @Test
    void coverageIsNearTheNominalLevel() {
        for (Stat s : Stat.values()) {
            int n = s == Stat.P99 ? 2000 : 400;
            int trials = 300;
            int missed = 0;
            for (int t = 0; t < trials; t++) {
                Bins a = Bins.of(lognormal(1000 + 2L * t, n, 100_000, 0.7));
                Bins b = Bins.of(lognormal(1001 + 2L * t, n, 100_000, 0.7));
                PercentileBootstrap.Interval ci = PercentileBootstrap.ratio(a, b, s.percentile(), 0.10, 1000, 1000,
                        new SplittableRandom(t));
                if (ci.low() > 1 || ci.high() < 1) {
                    missed++;
                }
            }
            assertThat(missed).as(s.key()).isBetween(15, 50);
        }
    }

    @Test
    void drawsGrowWithTheCorrectedLevel() {
        assertThat(PercentileBootstrap.draws(1000, 0.05)).isEqualTo(1000);
        assertThat(PercentileBootstrap.draws(1000, 0.05 / 300)).isGreaterThanOrEqualTo(
                (int) (PercentileBootstrap.TAIL_DRAWS / (0.05 / 600)));
    }
}
