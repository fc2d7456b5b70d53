package org.pmdi.trace.file;

import java.util.List;

/**
 * The index of a saved trace: per-time-bucket summaries on the AP timeline (FORMAT.md §7).
 *
 * <pre>{@code
 * TraceIndex ix = reader.index();
 * int b = ix.bucketAt(ns);                              // -1 before, nbuckets-1 at most
 * long from = ix.offsetForTime(ns);                      // where to start reading for time ns
 * long events = ix.buckets().stream().mapToLong(BucketSummary::events).sum();
 * }</pre>
 *
 * An event at AP-clock TSC t lies at (t − originTsc) × 10^6 / tscKhzAp ns; bucket b covers
 * [b × bucketNs, (b+1) × bucketNs). bucketNs is a power of two ≥ 2^20. Lists unmodifiable.
 *
 * @param dataEnd file offset where the events end (the first INDEX frame, or the file size)
 */
public record TraceIndex(long originTsc, long bucketNs, long tscKhzAp, List<Integer> deviceIds,
        List<BucketSummary> buckets, long dataEnd) {
    public TraceIndex {
        if (bucketNs <= 0 || Long.bitCount(bucketNs) != 1) {
            throw new IllegalArgumentException("bucketNs must be a power of two, was " + bucketNs);
        }
        deviceIds = List.copyOf(deviceIds);
        buckets = List.copyOf(buckets);
    }

    public int bucketCount() {
        return buckets.size();
    }

    public BucketSummary bucket(int b) {
        return buckets.get(b);
    }

    /** Bucket holding time {@code ns}: -1 before the first, at most bucketCount()-1. */
    public int bucketAt(long ns) {
        if (ns < 0) {
            return -1;
        }
        long b = ns / bucketNs;
        return (int) Math.min(b, buckets.size() - 1L);
    }

    /** File offset to read from to see every event at or after time {@code ns}. */
    public long offsetForTime(long ns) {
        if (buckets.isEmpty()) {
            return dataEnd;
        }
        int b = Math.max(0, bucketAt(ns));
        return buckets.get(b).offset();
    }
}
