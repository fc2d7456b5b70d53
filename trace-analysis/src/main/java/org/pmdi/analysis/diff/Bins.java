package org.pmdi.analysis.diff;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A histogram's non-empty bins as two arrays, the form the bootstrap draws from: each bin's
 * value (the highest value it stands for, as {@link Histogram#getValueAtPercentile} reports
 * it) and the running count up to and including it.
 */
final class Bins {
    /** Slices of [0, 1] in {@link #start}. */
    private static final int SLICES = 1024;
    private final long[] values;
    private final long[] cumulative;
    private final long total;
    /**
     * start[j]: the bin at fraction j/SLICES of the values, so that a search for a fraction
     * only looks between two neighbours (the draws of a percentile crowd a few slices).
     */
    private final int[] start = new int[SLICES + 1];

    private Bins(long[] values, long[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
        this.total = cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
        for (int j = 0; j <= SLICES; j++) {
            start[j] = binAt((double) j / SLICES * total, 0, values.length - 1);
        }
    }

    static Bins of(Histogram h) {
        int n = 0;
        for (HistogramIterationValue ignored : h.recordedValues()) {
            n++;
        }
        long[] values = new long[n];
        long[] cum = new long[n];
        int i = 0;
        long run = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            run += v.getCountAtValueIteratedTo();
            values[i] = h.highestEquivalentValue(v.getValueIteratedTo());
            cum[i] = run;
            i++;
        }
        return new Bins(values, cum);
    }

    int size() {
        return values.length;
    }

    long total() {
        return total;
    }

    long value(int bin) {
        return values[bin];
    }

    /**
     * The rank (1..total) of {@code percentile} (0..100] among {@code total} values, as
     * HdrHistogram counts it: the smallest rank whose share reaches the percentile.
     */
    static long rank(double percentile, long total) {
        long k = (long) Math.ceil(Math.nextDown(percentile) / 100 * total);
        return Math.max(1, Math.min(total, k));
    }

    /** The value of the {@code rank}-th smallest recorded value (1-based). */
    long valueAtRank(long rank) {
        return values[binAt(rank)];
    }

    /** The first bin whose running count reaches {@code count} (a real number, 0..total). */
    int binAt(double count) {
        return binAt(count, 0, values.length - 1);
    }

    /** The first bin whose running count reaches the fraction {@code u} (0..1) of the values. */
    int binAtFraction(double u) {
        int j = Math.min(SLICES - 1, (int) (u * SLICES));
        return binAt(u * total, start[j], start[j + 1]);
    }

    private int binAt(double count, int from, int to) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= count) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
