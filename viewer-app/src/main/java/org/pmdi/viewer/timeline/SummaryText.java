package org.pmdi.viewer.timeline;

/**
 * Hover words for a zoomed-out (summary) timeline: what the file's bucket summaries say about
 * the pixel column under the pointer, for the lane under it.
 *
 * <pre>{@code
 * String s = SummaryText.at(buckets, viewport, layout, x, y);   // null outside the lanes
 * // "vdb (virtio_blk) · 12.3 ms – 12.4 ms · 41 requests completed, max 4.2 ms"
 * }</pre>
 */
public final class SummaryText {
    private SummaryText() {
    }

    /** The text for plot x {@code x} and canvas y {@code y}, or null. */
    public static String at(BucketArrays b, Viewport v, LaneLayout lay, double x, double y) {
        Lane l = lay.laneAt(y);
        if (b == null || l == null || b.bucketCount() == 0 || x < 0 || x >= v.widthPx()) {
            return null;
        }
        long t0 = v.ns(x);
        long t1 = Math.max(t0 + 1, v.ns(x + 1));
        if (t1 <= 0 || t0 >= (long) b.bucketCount() * b.bucketNs()) {
            return null;
        }
        int b0 = b.bucketAt(t0);
        int b1 = b.bucketAt(t1 - 1);
        // a column narrower than a bucket shows the whole bucket
        long from = (long) b0 * b.bucketNs();
        long to = (long) (b1 + 1) * b.bucketNs();
        String range = TimeRuler.format(from) + " – " + TimeRuler.format(to);
        if (l.kind() == Lane.Kind.DEVICE) {
            int k = -1;
            for (int i = 0; i < b.deviceCount(); i++) {
                if (b.deviceId(i) == l.id()) {
                    k = i;
                }
            }
            if (k < 0) {
                return l.label() + " · " + range + " · no summary";
            }
            long n = 0;
            long max = 0;
            for (int i = b0; i <= b1; i++) {
                n += b.requests(k, i);
                max = Math.max(max, b.maxNs(k, i));
            }
            return l.label() + " · " + range + " · " + n + " request" + (n == 1 ? "" : "s") + " completed"
                    + (n > 0 ? ", max " + TimeRuler.format(max) : "");
        }
        long ev = 0;
        long lost = 0;
        for (int i = b0; i <= b1; i++) {
            ev += b.events(i);
            lost += b.lost(i);
        }
        return "all trace rings · " + range + " · " + String.format("%,d", ev) + " events"
                + (lost > 0 ? ", " + lost + " lost" : "");
    }
}
