package org.pmdi.analysis.diff;

/** One side's distribution of one phase (or "total") of one group. */
public record SideStats(long count, double perSecond, long p50Ns, long p90Ns, long p99Ns, long maxNs) {
}
