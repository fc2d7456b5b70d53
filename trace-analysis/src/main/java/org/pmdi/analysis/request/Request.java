package org.pmdi.analysis.request;

import java.util.Arrays;

/**
 * Immutable copy of a reconstructed request.
 *
 * <pre>{@code
 * Request r = view.toRequest();
 * long drv = r.phaseNs(Phase.DRIVER);
 * boolean done = r.isDone();
 * }</pre>
 *
 * @param id          1..2^32-1
 * @param device      0..255, or -1 when unknown
 * @param op          op code, or -1 when unknown
 * @param length      bytes, or -1 when unknown
 * @param offset      device offset, or -1 when unknown
 * @param status      final status (0 or −errno)
 * @param flags       {@link RequestFlags} bits
 * @param linuxSource dispatching Linux ring, or -1
 * @param pointNs     11 times in ns ({@link Point} order), {@link #ABSENT} when not seen; copied
 */
public record Request(long id, int device, int op, long length, long offset, long status, int flags,
        int linuxSource, long[] pointNs) {
    /** Marks a time or duration that is not known. */
    public static final long ABSENT = Long.MIN_VALUE;

    public Request {
        if (pointNs == null || pointNs.length != Point.COUNT) {
            throw new IllegalArgumentException("pointNs must have " + Point.COUNT + " entries");
        }
        pointNs = pointNs.clone();
    }

    @Override
    public long[] pointNs() {
        return pointNs.clone();
    }

    public long pointNs(Point p) {
        return pointNs[p.ordinal()];
    }

    public long phaseNs(Phase p) {
        long[] b = new long[Phase.COUNT + 1];
        PhaseMath.boundaries(pointNs, flags, b);
        return PhaseMath.phase(b, p.ordinal());
    }

    /** Start of {@code p} in ns, or ABSENT. */
    public long phaseStartNs(Phase p) {
        long[] b = new long[Phase.COUNT + 1];
        PhaseMath.boundaries(pointNs, flags, b);
        return b[p.ordinal()];
    }

    public long totalNs() {
        return PhaseMath.total(pointNs);
    }

    /**
     * True for a receive buffer waiting for a frame: a RECV with DRV_BEGIN and no DRV_END yet.
     * Its wait is neither latency nor a sign of being stuck (FORMAT.md §4.2).
     */
    public boolean waitingForFrame() {
        return RequestView.waitingForFrame(op, pointNs(Point.DRV_BEGIN), pointNs(Point.DRV_END));
    }

    /** True when REQ_DONE was seen. */
    public boolean isDone() {
        return pointNs[Point.DONE.ordinal()] != ABSENT;
    }

    /** The earliest time seen for this request, or ABSENT. */
    public long firstNs() {
        long m = ABSENT;
        for (long t : pointNs) {
            if (t != ABSENT && (m == ABSENT || t < m)) {
                m = t;
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && r.id == id && r.device == device && r.op == op && r.length == length
                && r.offset == offset && r.status == status && r.flags == flags && r.linuxSource == linuxSource
                && Arrays.equals(r.pointNs, pointNs);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(pointNs);
    }

    @Override
    public String toString() {
        return "Request[id=" + id + ", device=" + device + ", op=" + op + ", status=" + status + ", flags="
                + RequestFlags.describe(flags) + ", points=" + Arrays.toString(pointNs) + "]";
    }
}
