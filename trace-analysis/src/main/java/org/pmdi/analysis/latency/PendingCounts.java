package org.pmdi.analysis.latency;

import org.HdrHistogram.Histogram;

/**
 * A cheap front for one auto-resizing {@link Histogram} (lowest discernible value 1): values
 * are counted in a plain array laid out like HdrHistogram's buckets (same bucket for every
 * value, so no information is lost) and added to the histogram in bulk by {@link #flush()},
 * which every reader calls first. Recording is an index computation and an increment; the
 * histogram's own record path (a call, min/max and normalisation bookkeeping) runs once per
 * non-empty bucket per flush instead of once per value.
 *
 * <pre>{@code
 * PendingCounts p = new PendingCounts(histogram, 2);
 * p.record(ns);            // ns >= 0
 * p.flush();               // before reading the histogram
 * }</pre>
 *
 * Values from 2^{@value #MAX_BITS} ns (about 68 s) up go straight to the histogram. Single
 * writer, not thread-safe.
 */
final class PendingCounts {
    /** Values below 2^MAX_BITS are buffered. */
    static final int MAX_BITS = 36;
    private Histogram target;
    private final int subBucketHalfCountMagnitude;
    private final int subBucketHalfCount;
    private final long subBucketMask;
    private final int leadingZeroCountBase;
    private final int[] counts;
    /** Indexes of the non-zero buckets of {@link #counts}, so that a flush visits only those. */
    private final int[] touched;
    private int nTouched;

    /** {@code significantDigits} must be the histogram's (its lowest discernible value must be 1). */
    PendingCounts(Histogram target, int significantDigits) {
        this.target = target;
        long largestSingleUnit = 2 * (long) Math.pow(10, significantDigits);
        int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestSingleUnit) / Math.log(2));
        subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
        int subBucketCount = 1 << (subBucketHalfCountMagnitude + 1);
        subBucketHalfCount = subBucketCount / 2;
        subBucketMask = subBucketCount - 1;
        leadingZeroCountBase = 64 - (subBucketHalfCountMagnitude + 1);
        counts = new int[index((1L << MAX_BITS) - 1) + 1];
        touched = new int[counts.length];
    }

    /** HdrHistogram's countsArrayIndex for unit magnitude 0. */
    int index(long v) {
        int bucketIndex = leadingZeroCountBase - Long.numberOfLeadingZeros(v | subBucketMask);
        int subBucketIndex = (int) (v >>> bucketIndex);
        return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + subBucketIndex - subBucketHalfCount;
    }

    /** The lowest value of the bucket at {@code index} (HdrHistogram's valueFromIndex). */
    long valueAt(int index) {
        int bucketIndex = (index >> subBucketHalfCountMagnitude) - 1;
        int subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
        if (bucketIndex < 0) {
            subBucketIndex -= subBucketHalfCount;
            bucketIndex = 0;
        }
        return (long) subBucketIndex << bucketIndex;
    }

    /** Counts {@code v} (≥ 0). */
    void record(long v) {
        if (v >>> MAX_BITS != 0) {
            target.recordValue(v);
            return;
        }
        int i = index(v);
        int c = counts[i] + 1;
        counts[i] = c;
        if (c <= 1) {
            firstOrFull(i, c);
        }
    }

    /**
     * Counts {@code rows[from]}, {@code rows[from + stride]}, ... below {@code end}, skipping
     * negative values (ABSENT or a negative phase). One loop with the layout in locals: the
     * drain's per-value cost is this loop, not a call with the fields reloaded.
     */
    void recordEvery(long[] rows, int from, int end, int stride) {
        final int[] c = counts;
        final long m = subBucketMask;
        final int lzBase = leadingZeroCountBase;
        final int halfMag = subBucketHalfCountMagnitude;
        // index(v) with bucketIndex = lzBase - lz, its constant part folded into k
        final int k = ((lzBase + 1) << halfMag) - subBucketHalfCount;
        for (int o = from; o < end; o += stride) {
            long v = rows[o];
            if (v < 0) {
                continue;
            }
            if (v >>> MAX_BITS != 0) {
                target.recordValue(v);
                continue;
            }
            int lz = Long.numberOfLeadingZeros(v | m);
            int i = (int) (v >>> (lzBase - lz)) + k - (lz << halfMag);
            int n = c[i] + 1;
            c[i] = n;
            if (n <= 1) {
                firstOrFull(i, n);
            }
        }
    }

    /** Bucket {@code i} just got its first value since the last flush, or its count wrapped. */
    private void firstOrFull(int i, int c) {
        if (c == 1) {
            touched[nTouched++] = i;
        } else {
            counts[i] = Integer.MAX_VALUE;
            target.recordValueWithCount(valueAt(i), Integer.MAX_VALUE);
            counts[i] = 1; // the value just counted
        }
    }

    /** Adds what is pending to the histogram. */
    void flush() {
        int[] c = counts;
        for (int k = 0; k < nTouched; k++) {
            int i = touched[k];
            target.recordValueWithCount(valueAt(i), c[i]);
            c[i] = 0;
        }
        nTouched = 0;
    }

    /** Drops what is pending (the histogram is being reset). */
    void clear() {
        for (int k = 0; k < nTouched; k++) {
            counts[touched[k]] = 0;
        }
        nTouched = 0;
    }

    Histogram histogram() {
        return target;
    }

    /** Flushes, then counts into {@code h} (same significant digits) from now on. */
    void retarget(Histogram h) {
        flush();
        target = h;
    }
}
