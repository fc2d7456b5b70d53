package org.pmdi.analysis.latency;

import org.HdrHistogram.Histogram;

/**
 * Latency statistics of one device and one phase (or the total), in ns.
 *
 * <pre>{@code
 * LatencySummary s = stats.summary(2, LatencyStats.TOTAL);
 * System.out.println(s.p99Ns() + " ns over " + s.count() + " requests");
 * }</pre>
 *
 * @param device    0..255, or -1 for requests whose device is unknown
 * @param phase     a {@link org.pmdi.analysis.request.Phase} key, or "total"
 * @param count     number of values (≥ 0); the percentiles are 0 when it is 0
 * @param perSecond requests per second over the span of the trace they were seen in
 */
public record LatencySummary(int device, String phase, long count, double perSecond, long meanNs, long p50Ns,
        long p90Ns, long p99Ns, long p999Ns, long maxNs) {

    /** Summary of {@code h} (not modified). */
    public static LatencySummary of(int device, String phase, Histogram h, double spanSeconds) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new LatencySummary(device, phase, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(device, phase, n, spanSeconds > 0 ? n / spanSeconds : 0,
                Math.round(h.getMean()), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    /** The named percentile: p50, p90, p99, p999 or max. */
    public long percentileNs(String name) {
        return switch (name) {
            case "p50" -> p50Ns;
            case "p90" -> p90Ns;
            case "p99" -> p99Ns;
            case "p999", "p99.9" -> p999Ns;
            case "max" -> maxNs;
            default -> throw new IllegalArgumentException("name must be p50, p90, p99, p999 or max, was " + name);
        };
    }
}
