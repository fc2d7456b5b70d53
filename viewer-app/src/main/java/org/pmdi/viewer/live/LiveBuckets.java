package org.pmdi.viewer.live;

import java.util.Arrays;
import org.pmdi.viewer.timeline.BucketArrays;

/**
 * A live stream's per-time-bucket summaries, kept as events arrive so that a live timeline
 * zoomed out draws what a saved file's index would hold (FORMAT.md §7, the choices of
 * trace-format's index builder): buckets of 2^20 ns or more, at most {@value #MAX_BUCKETS}
 * (the width doubles, merging pairs, when the session outgrows them); per bucket the events
 * and the records lost; per device the requests completed (REQ_DONE's bucket) and their
 * maximum latency (REQ_POST → REQ_DONE; not for a net RECV, whose time is its wait for a frame).
 *
 * <pre>{@code
 * LiveBuckets b = new LiveBuckets();
 * b.event(ns); b.completed(dev, doneNs, latencyNs); b.lost(ns, n);   // feed thread
 * BucketArrays now = b.snapshot();                                   // any thread, under the owner's lock
 * }</pre>
 *
 * Not thread-safe: its owner ({@link LiveStore}) serializes the calls.
 */
final class LiveBuckets {
    static final int MIN_SHIFT = 20;
    static final int MAX_BUCKETS = 65_536;
    private int shift = MIN_SHIFT;
    private int n;
    private long[] events = new long[64];
    private long[] lost = new long[64];
    private int[] deviceIds = new int[0];
    private final int[] devIndex = new int[256];
    private long[][] requests = new long[0][];
    private long[][] maxNs = new long[0][];

    LiveBuckets() {
        Arrays.fill(devIndex, -1);
    }

    /** Device {@code id} gets a row (in the order devices are met: the header's first). */
    void device(int id) {
        if (devIndex[id & 0xff] >= 0) {
            return;
        }
        int k = deviceIds.length;
        devIndex[id & 0xff] = k;
        deviceIds = Arrays.copyOf(deviceIds, k + 1);
        deviceIds[k] = id & 0xff;
        requests = Arrays.copyOf(requests, k + 1);
        maxNs = Arrays.copyOf(maxNs, k + 1);
        requests[k] = new long[events.length];
        maxNs[k] = new long[events.length];
    }

    /** One event at {@code ns}. */
    void event(long ns) {
        int b = bucket(ns); // first: it may grow the columns
        events[b]++;
    }

    /** {@code count} records lost, reported at {@code ns}. */
    void lost(long ns, long count) {
        int b = bucket(ns);
        lost[b] += count;
    }

    /** The bucket a previous event went to (an event whose time is not known: Linux before any clock sync). */
    void eventInLast() {
        events[Math.max(0, n - 1)]++;
        n = Math.max(n, 1);
    }

    /** A request of device {@code dev} completed at {@code doneNs} after {@code latencyNs}. */
    void completed(int dev, long doneNs, long latencyNs) {
        device(dev);
        int b = bucket(doneNs);
        int k = devIndex[dev & 0xff];
        requests[k][b]++;
        maxNs[k][b] = Math.max(maxNs[k][b], latencyNs);
    }

    private int bucket(long ns) {
        if (ns <= 0) {
            return ensure(0);
        }
        long b = ns >>> shift;
        while (b >= MAX_BUCKETS) {
            halve();
            b >>>= 1;
        }
        return ensure((int) b);
    }

    private int ensure(int b) {
        if (b >= events.length) {
            int len = Math.max(b + 1, events.length * 2);
            events = Arrays.copyOf(events, len);
            lost = Arrays.copyOf(lost, len);
            for (int k = 0; k < deviceIds.length; k++) {
                requests[k] = Arrays.copyOf(requests[k], len);
                maxNs[k] = Arrays.copyOf(maxNs[k], len);
            }
        }
        n = Math.max(n, b + 1);
        return b;
    }

    /** Doubles the bucket width, merging pairs. */
    private void halve() {
        shift++;
        int m = (n + 1) / 2;
        merge(events, m, false);
        merge(lost, m, false);
        for (int k = 0; k < deviceIds.length; k++) {
            merge(requests[k], m, false);
            merge(maxNs[k], m, true);
        }
        n = m;
    }

    private void merge(long[] a, int m, boolean max) {
        for (int i = 0; i < m; i++) {
            long x = a[2 * i];
            long y = 2 * i + 1 < n ? a[2 * i + 1] : 0;
            a[i] = max ? Math.max(x, y) : x + y;
        }
        Arrays.fill(a, m, n, 0);
    }

    long bucketNs() {
        return 1L << shift;
    }

    int bucketCount() {
        return n;
    }

    /** A copy of the summaries as they stand. */
    BucketArrays snapshot() {
        long[][] r = new long[deviceIds.length][];
        long[][] m = new long[deviceIds.length][];
        for (int k = 0; k < deviceIds.length; k++) {
            r[k] = Arrays.copyOf(requests[k], n);
            m[k] = Arrays.copyOf(maxNs[k], n);
        }
        return BucketArrays.of(1L << shift, deviceIds.clone(), Arrays.copyOf(events, n), Arrays.copyOf(lost, n),
                r, m);
    }
}
