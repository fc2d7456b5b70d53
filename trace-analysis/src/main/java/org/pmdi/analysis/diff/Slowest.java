package org.pmdi.analysis.diff;

/**
 * A slow request of one side.
 *
 * @param req     the request id
 * @param postNs  its REQ_POST on that trace's AP timeline (ns since that trace's origin)
 * @param totalNs its total latency (REQ_POST → REQ_DONE)
 */
public record Slowest(long req, long postNs, long totalNs) {
}
