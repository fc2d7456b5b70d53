package org.pmdi.bridge;

/**
 * A snapshot of a bridge's counters, for progress lines and status bars.
 *
 * <pre>{@code
 * BridgeStats s = bridge.stats();
 * System.out.printf("%d events, %d lost, %d corrupt%n", s.events(), s.lost(), s.corrupt());
 * }</pre>
 *
 * All counts are ≥ 0 and cumulative over the bridge's life (reconnects included).
 *
 * @param state           the bridge's state when the snapshot was taken (not null)
 * @param bytes           bytes read from the input
 * @param frames          good frames decoded
 * @param corrupt         corrupt frames dropped (noise, lost bytes, frames cut by a disconnect)
 * @param unknown         good frames of unknown kinds, or undecodable records
 * @param events          events decoded
 * @param lostInRing      events the board's trace rings dropped (LOST records)
 * @param lostInTransport events missing from the stream (per-source seq gaps)
 * @param outstanding     requests posted and not done, as the analysis counts them (its queue depths)
 * @param gaps            times the input went away and came back (GAP frames written)
 * @param recordedBytes   bytes in the recording so far (0 without one)
 * @param feedDropped     items dropped at slow live-feed subscribers
 * @param lastError       the last connect or read error, or null
 * @param formatRefusal   while every session header read so far is of a trace format version
 *                        the decoder does not read, the refusal naming it (FORMAT.md §9); else null
 */
public record BridgeStats(BridgeState state, long bytes, long frames, long corrupt, long unknown, long events,
        long lostInRing, long lostInTransport, long outstanding, long gaps, long recordedBytes, long feedDropped,
        String lastError, String formatRefusal) {
    public BridgeStats {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
    }

    /** Events lost anywhere: in the board's rings and in transport. */
    public long lost() {
        return lostInRing + lostInTransport;
    }

    /** A snapshot of a bridge that has not read anything yet. */
    public static BridgeStats initial() {
        return new BridgeStats(BridgeState.CONNECTING, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
    }
}
