package org.pmdi.analysis.diff;

import java.util.SplittableRandom;

/**
 * Confidence interval of the ratio of one percentile between two sides, by bootstrap over
 * the histograms' bin counts (the streamed histograms keep no raw samples).
 *
 * <p>A bootstrap resample of a side draws its n values from the histogram's distribution;
 * its percentile is the resample's k-th smallest value. The k-th smallest of n uniform draws
 * follows Beta(k, n + 1 − k), and the histogram's inverse distribution function is monotone,
 * so the resample's percentile is that function at one Beta draw: the same distribution as
 * drawing all n values and sorting them, at the cost of one Beta variate and one binary
 * search over the cumulative counts, whatever n. Each side is drawn independently (the two
 * traces are independent), each draw tallied in its bin; the ratio new/base then has the
 * distribution of every pair of draws (rounds² pairs), whose quantiles at α/2 and 1 − α/2
 * are the interval.
 *
 * <p>α is already corrected for the number of comparisons, and can be far below 1/rounds: a
 * side is drawn at least {@value #TAIL_DRAWS}/(α/2) times so that each bound has that many
 * draws of one side beyond it, even when the other side has no spread at all.
 */
final class PercentileBootstrap {
    /** Draws per side beyond each bound at least (so the most extreme draw is not the bound). */
    static final int TAIL_DRAWS = 5;
    /** The most draws per side (α/2 down to 5e-6, e.g. 0.05 split over 5000 comparisons). */
    static final int MAX_DRAWS = 1_000_000;

    private PercentileBootstrap() {
    }

    /** A ratio interval. */
    record Interval(double low, double high) {
    }

    /** How many draws per side for {@code rounds} at level {@code alpha}. */
    static int draws(int rounds, double alpha) {
        double need = Math.ceil(TAIL_DRAWS / (alpha / 2));
        return (int) Math.min(MAX_DRAWS, Math.max(rounds, need));
    }

    /**
     * The (1 − alpha) interval of new/base for {@code percentile}, values floored at
     * {@code floorNs} (both histograms non-empty).
     */
    static Interval ratio(Bins base, Bins neu, double percentile, double alpha, int rounds, long floorNs,
            SplittableRandom rnd) {
        int m = draws(rounds, alpha);
        long[] cb = tally(base, percentile, m, rnd);
        long[] cn = tally(neu, percentile, m, rnd);
        Pairs p = new Pairs(base, cb, neu, cn, floorNs);
        double total = (double) m * m;
        return new Interval(p.quantile(alpha / 2 * total), p.quantile((1 - alpha / 2) * total));
    }

    /** {@code m} bootstrap draws of the side's percentile, tallied per bin. */
    static long[] tally(Bins b, double percentile, int m, SplittableRandom rnd) {
        long n = b.total();
        long k = Bins.rank(percentile, n);
        long[] counts = new long[b.size()];
        BetaSampler beta = new BetaSampler(k, n + 1 - k);
        for (int i = 0; i < m; i++) {
            counts[b.binAtFraction(beta.next(rnd))]++;
        }
        return counts;
    }

    /** The ratio distribution of every pair of draws (non-empty bins only, values ascending). */
    private static final class Pairs {
        private final double[] baseValues;
        private final double[] newValues;
        private final long[] newCounts;
        /** baseSuffix[i]: base draws in bins i.. (ascending values). */
        private final long[] baseSuffix;

        Pairs(Bins base, long[] cb, Bins neu, long[] cn, long floorNs) {
            int nb = nonEmpty(cb);
            baseValues = new double[nb];
            baseSuffix = new long[nb + 1];
            long[] bc = new long[nb];
            for (int i = 0, j = 0; i < cb.length; i++) {
                if (cb[i] > 0) {
                    baseValues[j] = Math.max(base.value(i), floorNs);
                    bc[j++] = cb[i];
                }
            }
            for (int j = nb - 1; j >= 0; j--) {
                baseSuffix[j] = baseSuffix[j + 1] + bc[j];
            }
            int nn = nonEmpty(cn);
            newValues = new double[nn];
            newCounts = new long[nn];
            for (int i = 0, j = 0; i < cn.length; i++) {
                if (cn[i] > 0) {
                    newValues[j] = Math.max(neu.value(i), floorNs);
                    newCounts[j++] = cn[i];
                }
            }
        }

        private static int nonEmpty(long[] c) {
            int n = 0;
            for (long x : c) {
                n += x > 0 ? 1 : 0;
            }
            return n;
        }

        /** Pairs (weighted by draws) whose ratio new/base is at most {@code x}. */
        private double atMost(double x) {
            // new/base <= x  ⇔  base >= new/x; the threshold grows with new, so one pointer
            double w = 0;
            int i = 0;
            for (int j = 0; j < newValues.length; j++) {
                double threshold = newValues[j] / x;
                while (i < baseValues.length && baseValues[i] < threshold * (1 - 1e-12)) {
                    i++;
                }
                w += (double) newCounts[j] * baseSuffix[i];
            }
            return w;
        }

        /** The smallest ratio with at least {@code weight} pairs at or below it. */
        double quantile(double weight) {
            double lo = Math.log(newValues[0] / baseValues[baseValues.length - 1]);
            double hi = Math.log(newValues[newValues.length - 1] / baseValues[0]);
            if (atMost(Math.exp(lo)) >= weight) {
                return Math.exp(lo);
            }
            // bisection on the log scale to a relative precision of 1e-9
            for (int it = 0; it < 100 && hi - lo > 1e-9; it++) {
                double mid = (lo + hi) / 2;
                if (atMost(Math.exp(mid)) >= weight) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return Math.exp(hi);
        }
    }

    /**
     * Beta(a, b) variates (a, b ≥ 1) as G_a / (G_a + G_b) of two Gamma variates, each by
     * Marsaglia and Tsang's method (ACM TOMS 26(3), 2000).
     */
    static final class BetaSampler {
        private final double da;
        private final double ca;
        private final double db;
        private final double cb;

        BetaSampler(double a, double b) {
            if (!(a >= 1 && b >= 1)) {
                throw new IllegalArgumentException("a and b must be >= 1, were " + a + ", " + b);
            }
            da = a - 1.0 / 3;
            ca = 1 / Math.sqrt(9 * da);
            db = b - 1.0 / 3;
            cb = 1 / Math.sqrt(9 * db);
        }

        double next(SplittableRandom rnd) {
            double x = gamma(da, ca, rnd);
            double y = gamma(db, cb, rnd);
            return x / (x + y);
        }

        private static double gamma(double d, double c, SplittableRandom rnd) {
            while (true) {
                double x = rnd.nextGaussian();
                double v = 1 + c * x;
                if (v <= 0) {
                    continue;
                }
                v = v * v * v;
                double u = rnd.nextDouble();
                double x2 = x * x;
                if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                    return d * v;
                }
            }
        }
    }
}
