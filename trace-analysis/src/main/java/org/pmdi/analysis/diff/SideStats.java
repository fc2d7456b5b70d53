package org.pmdi.analysis.diff;

import org.HdrHistogram.Histogram;

/**
 * One side's distribution of one phase (or the total) of one group, in ns.
 *
 * @param count     successful requests with this phase measured
 * @param perSecond count over the span of that trace's completed requests
 */
public record SideStats(long count, double perSecond, long p50Ns, long p90Ns, long p99Ns, long maxNs) {
    /** The statistics of {@code h} (not modified) over a span of {@code spanSeconds}. */
    public static SideStats of(Histogram h, double spanSeconds) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new SideStats(0, 0, 0, 0, 0, 0);
        }
        return new SideStats(n, spanSeconds > 0 ? n / spanSeconds : 0, h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
    }

    /** The value of {@code stat} ("p50", "p90", "p99", "max"). */
    public long valueNs(String stat) {
        return switch (stat) {
            case "p50" -> p50Ns;
            case "p90" -> p90Ns;
            case "p99" -> p99Ns;
            case "max" -> maxNs;
            default -> throw new IllegalArgumentException("stat must be p50, p90, p99 or max, was " + stat);
        };
    }
}
