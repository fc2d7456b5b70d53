package org.pmdi.analysis.diff;

/**
 * A slow request of one side: its id, its REQ_POST time on that trace's AP timeline (ns
 * since that trace's origin) and its total latency.
 */
public record Slowest(long req, long postNs, long totalNs) {
}
