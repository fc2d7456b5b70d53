package org.pmdi.viewer.timeline;

import java.util.List;
import org.pmdi.trace.file.BucketSummary;
import org.pmdi.trace.file.DeviceSummary;
import org.pmdi.trace.file.TraceIndex;

/**
 * Per-time-bucket summaries (FORMAT.md §7) in primitive columns, so that a zoomed-out frame
 * reads tens of thousands of buckets without touching an object per bucket: a trace index's,
 * copied once, or a live stream's as it stands ({@code live.LiveBuckets}). Both are drawn the
 * same way.
 *
 * <pre>{@code
 * BucketArrays b = BucketArrays.of(trace.index());
 * long n = b.requests(k, bucket);    // k: index into b.deviceIds()
 * }</pre>
 *
 * Immutable.
 */
public final class BucketArrays {
    private final long bucketNs;
    private final int[] deviceIds;
    private final long[] events;
    private final long[] lost;
    private final long[][] requests;
    private final long[][] maxNs;

    private BucketArrays(TraceIndex ix) {
        bucketNs = ix.bucketNs();
        List<Integer> ids = ix.deviceIds();
        deviceIds = ids.stream().mapToInt(Integer::intValue).toArray();
        int n = ix.bucketCount();
        events = new long[n];
        lost = new long[n];
        requests = new long[deviceIds.length][n];
        maxNs = new long[deviceIds.length][n];
        for (int b = 0; b < n; b++) {
            BucketSummary s = ix.bucket(b);
            events[b] = s.events();
            lost[b] = s.lost();
            List<DeviceSummary> ds = s.devices();
            for (int k = 0; k < ds.size() && k < deviceIds.length; k++) {
                requests[k][b] = ds.get(k).requests();
                maxNs[k][b] = ds.get(k).maxNs();
            }
        }
    }

    private BucketArrays(long bucketNs, int[] deviceIds, long[] events, long[] lost, long[][] requests,
            long[][] maxNs) {
        this.bucketNs = bucketNs;
        this.deviceIds = deviceIds;
        this.events = events;
        this.lost = lost;
        this.requests = requests;
        this.maxNs = maxNs;
    }

    public static BucketArrays of(TraceIndex ix) {
        return new BucketArrays(ix);
    }

    /**
     * Summaries from columns (not copied: the caller hands them over): {@code n} buckets of
     * {@code bucketNs}; per device k ({@code deviceIds[k]}), completed requests and their
     * maximum latency per bucket.
     */
    public static BucketArrays of(long bucketNs, int[] deviceIds, long[] events, long[] lost, long[][] requests,
            long[][] maxNs) {
        if (bucketNs <= 0) {
            throw new IllegalArgumentException("bucketNs must be > 0, was " + bucketNs);
        }
        if (lost.length != events.length || requests.length != deviceIds.length || maxNs.length != deviceIds.length) {
            throw new IllegalArgumentException("columns of different sizes");
        }
        return new BucketArrays(bucketNs, deviceIds, events, lost, requests, maxNs);
    }

    public long bucketNs() {
        return bucketNs;
    }

    public int bucketCount() {
        return events.length;
    }

    /** Device ids, in the index's order. */
    public int deviceCount() {
        return deviceIds.length;
    }

    public int deviceId(int k) {
        return deviceIds[k];
    }

    public long events(int b) {
        return events[b];
    }

    public long lost(int b) {
        return lost[b];
    }

    public long requests(int k, int b) {
        return requests[k][b];
    }

    public long maxNs(int k, int b) {
        return maxNs[k][b];
    }

    /** Bucket holding {@code ns}, clamped to the valid range. */
    public int bucketAt(long ns) {
        return (int) Math.max(0, Math.min(events.length - 1L, Math.floorDiv(ns, bucketNs)));
    }
}
