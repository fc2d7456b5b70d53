package org.pmdi.viewer.latency;

/**
 * A request chosen in a chart or table, to be shown on the timeline.
 *
 * @param req       request id (1..2^32-1)
 * @param postNs    when it was posted (AP timeline ns)
 * @param latencyNs its total latency, ns (≥ 0)
 */
public record RequestPick(long req, long postNs, long latencyNs) {
    /** The slowest exemplar of {@code device} in {@code s}, or null. */
    public static RequestPick slowest(LatencyOverTime.Snapshot s, int device) {
        LatencyOverTime.Cell best = null;
        for (LatencyOverTime.Cell c : s.cells(device)) {
            if (best == null || c.exemplarLatencyNs() > best.exemplarLatencyNs()) {
                best = c;
            }
        }
        return best == null ? null : of(best);
    }

    public static RequestPick of(LatencyOverTime.Cell c) {
        return new RequestPick(c.exemplarReq(), c.exemplarNs(), c.exemplarLatencyNs());
    }
}
