package org.pmdi.analysis.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingCounts} must give the histogram exactly what {@link Histogram#recordValue}
 * would: same buckets, counts, min and max, for values around every bucket edge.
 */
class PendingCountsTest {
    @Test
    void recordEveryMatchesTheHistogramsOwnRecording() {
        for (int digits = 2; digits <= 3; digits++) {
            long[] rows = values();
            Histogram direct = new Histogram(digits);
            for (long v : rows) {
                if (v >= 0) {
                    direct.recordValue(v);
                }
            }
            Histogram viaColumns = new Histogram(digits);
            PendingCounts p = new PendingCounts(viaColumns, digits);
            // two interleaved columns, as the drain reads a series out of its rows
            p.recordEvery(rows, 0, rows.length, 2);
            p.recordEvery(rows, 1, rows.length, 2);
            p.flush();
            assertThat(viaColumns).isEqualTo(direct);
            assertThat(viaColumns.getTotalCount()).isEqualTo(direct.getTotalCount()).isPositive();
            assertThat(viaColumns.getMaxValue()).isEqualTo(direct.getMaxValue());
            assertThat(viaColumns.getMinValue()).isEqualTo(direct.getMinValue());
        }
    }

    @Test
    void recordEveryAndRecordCountTheSameBuckets() {
        long[] rows = values();
        Histogram a = new Histogram(2);
        PendingCounts one = new PendingCounts(a, 2);
        for (long v : rows) {
            if (v >= 0) {
                one.record(v);
            }
        }
        one.flush();
        Histogram b = new Histogram(2);
        PendingCounts every = new PendingCounts(b, 2);
        every.recordEvery(rows, 0, rows.length, 1);
        every.flush();
        assertThat(b).isEqualTo(a);
    }

    /** Powers of two and their neighbours up to past 2^MAX_BITS, random values, and negatives (skipped). */
    private static long[] values() {
        Random r = new Random(14);
        long[] v = new long[3 * 64 + 2000 + 3];
        int n = 0;
        for (int b = 0; b < 63; b++) {
            long p = 1L << b;
            v[n++] = p - 1;
            v[n++] = p;
            v[n++] = p + 1;
        }
        for (int i = 0; i < 2000; i++) {
            v[n++] = r.nextInt(4) == 0 ? r.nextLong() & ((1L << 40) - 1) : r.nextInt(5_000_000);
        }
        v[n++] = -1;
        v[n++] = Long.MIN_VALUE; // ABSENT
        v[n++] = -123_456;
        return java.util.Arrays.copyOf(v, n);
    }
}
