package org.pmdi.trace.file;

import java.util.List;

/**
 * One time bucket of a trace file's index (FORMAT.md §7 bucket).
 *
 * <pre>{@code
 * BucketSummary b = index.bucket(i);
 * reader.read(b.offset(), visitor);     // all of bucket i's events are at or after offset
 * }</pre>
 *
 * @param offset  file offset of the first frame holding an event of this bucket (or of a
 *                later non-empty one); non-decreasing over buckets
 * @param events  records in the bucket
 * @param lost    records lost (LOST counts and seq gaps) attributed to the bucket
 * @param devices one summary per index device, in the index's device order; unmodifiable
 */
public record BucketSummary(long offset, long events, long lost, List<DeviceSummary> devices) {
    public BucketSummary {
        devices = List.copyOf(devices);
    }
}
