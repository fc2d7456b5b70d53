package org.pmdi.analysis.request;

/**
 * Read-only view of one request while it is handed to a {@link RequestListener} (a
 * flyweight over the tracker's table: valid only during the call; copy it with
 * {@link #toRequest()} to keep it).
 *
 * <pre>{@code
 * tracker.addListener(v -> csv.row(v.id(), v.device(), v.totalNs()));
 * }</pre>
 *
 * Times are ns on the AP timeline since the trace origin; {@link Request#ABSENT} when the
 * event was not seen. Phase values may be negative (flagged, never clamped).
 */
public interface RequestView {
    /** Request id, 1..2^32-1. */
    long id();

    /** Device id 0..255, or -1 when neither REQ_POST nor DRV_BEGIN was seen. */
    int device();

    /** Op code (see {@link org.pmdi.trace.Op}), or -1 when REQ_POST was not seen. */
    int op();

    /** Length in bytes from REQ_POST, or -1. */
    long length();

    /** Device offset from REQ_POST, or -1. */
    long offset();

    /** Final status (REQ_DONE, else REPLY_POST, else DRV_END), or 0 when none was seen. */
    long status();

    /** {@link RequestFlags} bits. */
    int flags();

    /** The Linux trace ring (source) that dispatched the request, or -1. */
    int linuxSource();

    /**
     * Time (ns) of the latest INFLIGHT snapshot of Linux that listed the request as
     * outstanding, or {@link Request#ABSENT}: proof that it was open then, whatever was lost.
     */
    long listedNs();

    /** Time of {@code p} in ns, or {@link Request#ABSENT}. */
    long pointNs(Point p);

    /** Duration of {@code p} in ns (may be negative), or {@link Request#ABSENT}. */
    long phaseNs(Phase p);

    /** Start of {@code p} in ns (its lower boundary), or {@link Request#ABSENT}. */
    long phaseStartNs(Phase p);

    /** REQ_POST → REQ_DONE in ns, or {@link Request#ABSENT}. */
    long totalNs();

    /**
     * Fills {@code out[0..5]} with the durations of the six {@link Phase}s in order, as
     * {@link #phaseNs} gives them (bulk form for the hot path; {@code out.length >= 6}).
     */
    default void phasesNs(long[] out) {
        phasesNs(out, 0);
    }

    /** As {@link #phasesNs(long[])}, into {@code out[off..off+5]}. */
    default void phasesNs(long[] out, int off) {
        for (int i = 0; i < Phase.COUNT; i++) {
            out[off + i] = phaseNs(Phase.of(i));
        }
    }

    /** An immutable copy. */
    Request toRequest();

    /** As {@link Request#waitingForFrame()}. */
    default boolean waitingForFrame() {
        return waitingForFrame(op(), pointNs(Point.DRV_BEGIN), pointNs(Point.DRV_END));
    }

    /** A RECV ({@code op}) between DRV_BEGIN and DRV_END: a receive buffer waiting for a frame. */
    static boolean waitingForFrame(int op, long drvBeginNs, long drvEndNs) {
        return op == org.pmdi.trace.Op.RECV.code() && drvBeginNs != Request.ABSENT && drvEndNs == Request.ABSENT;
    }
}
