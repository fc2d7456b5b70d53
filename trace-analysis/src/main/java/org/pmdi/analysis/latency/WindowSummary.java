package org.pmdi.analysis.latency;

/**
 * Total latency of one device over one time window (by completion time).
 *
 * <pre>{@code
 * for (WindowSummary w : stats.windows(dev)) plot(w.startNs(), w.p99Ns());
 * }</pre>
 *
 * @param startNs window start on the AP timeline (a multiple of the window length)
 * @param lengthNs window length, > 0
 */
public record WindowSummary(int device, long startNs, long lengthNs, long count, long p50Ns, long p99Ns,
        long maxNs) {
}
