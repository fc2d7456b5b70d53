package org.pmdi.analysis.findings;

import java.util.Arrays;

/**
 * How many instants (e.g. a NIC's dropped frames) fell into each bin of {@code 2^shift} ns of
 * the AP timeline, from time 0: where they happened, at a resolution that coarsens as the trace
 * grows so that the bins stay few ({@link Counter#MAX_BINS}). An instant before time 0 counts
 * in bin 0. Every instant is counted: only where it lies gets coarser.
 *
 * <pre>{@code
 * TimeBins.Counter c = TimeBins.counter();
 * c.add(ns);
 * TimeBins b = c.snapshot();
 * for (int i = 0; i < b.size(); i++) if (b.count(i) > 0) mark(b.startNs(i), b.endNs(i));
 * }</pre>
 *
 * Immutable; {@link Counter} is single-writer.
 */
public final class TimeBins {
    private static final TimeBins EMPTY = new TimeBins(Counter.MIN_SHIFT, new long[0]);
    private final int shift;
    private final long[] counts;

    private TimeBins(int shift, long[] counts) {
        this.shift = shift;
        this.counts = counts;
    }

    public static TimeBins empty() {
        return EMPTY;
    }

    public static Counter counter() {
        return new Counter();
    }

    /** Bins (the last one holds an instant). */
    public int size() {
        return counts.length;
    }

    /** Width of a bin, ns. */
    public long binNs() {
        return 1L << shift;
    }

    public long count(int bin) {
        return counts[bin];
    }

    public long startNs(int bin) {
        return (long) bin << shift;
    }

    public long endNs(int bin) {
        return (long) (bin + 1) << shift;
    }

    /** All instants counted. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Accumulates instants; {@link #snapshot()} copies them out. */
    public static final class Counter {
        /** Bins of 2^10 ns (about 1 µs) at first: 16 ms of them before the first doubling. */
        static final int MIN_SHIFT = 10;
        /** At most this many bins: a later instant doubles the width instead. */
        public static final int MAX_BINS = 1 << 14;
        private int shift = MIN_SHIFT;
        private long[] counts = new long[16];
        private int size;

        private Counter() {
        }

        public void add(long ns) {
            long bin = Math.max(0, ns) >>> shift;
            while (bin >= MAX_BINS) {
                coarsen();
                bin >>>= 1;
            }
            int b = (int) bin;
            if (b >= counts.length) {
                counts = Arrays.copyOf(counts, Math.min(MAX_BINS, Math.max(b + 1, counts.length * 2)));
            }
            counts[b]++;
            size = Math.max(size, b + 1);
        }

        /** Twice as wide bins: pairs merge. */
        private void coarsen() {
            for (int i = 0; i < size; i++) {
                long c = counts[i];
                counts[i] = 0;
                counts[i >>> 1] += c;
            }
            size = (size + 1) >>> 1;
            shift++;
        }

        public TimeBins snapshot() {
            return size == 0 ? EMPTY : new TimeBins(shift, Arrays.copyOf(counts, size));
        }
    }
}
