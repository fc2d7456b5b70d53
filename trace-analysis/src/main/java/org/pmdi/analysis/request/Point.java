package org.pmdi.analysis.request;

/**
 * The traced points of one request's life (FORMAT.md §4.2), in data-path order.
 *
 * <pre>{@code
 * long t = view.pointNs(Point.DRV_BEGIN);    // Request.ABSENT when the event was not seen
 * }</pre>
 *
 * {@link #LINUX_IPI} and {@link #AP_IPI} are doorbell interrupts (they carry no request
 * id): each is the latest IPI_RECV of the ring that later dispatched (or took) the request.
 */
public enum Point {
    POST(true, "REQ_POST"),
    REQUEST_DOORBELL(true, "DOORBELL_SEND|SUPPRESS ring 0"),
    LINUX_IPI(false, "IPI_RECV (Linux)"),
    DISPATCH(false, "DISPATCH"),
    DRV_BEGIN(false, "DRV_BEGIN"),
    DRV_END(false, "DRV_END"),
    REPLY_POST(false, "REPLY_POST"),
    COMPLETION_DOORBELL(false, "DOORBELL_SEND|SUPPRESS ring 1"),
    AP_IPI(true, "IPI_RECV (AP)"),
    REPLY_TAKE(true, "REPLY_TAKE"),
    DONE(true, "REQ_DONE");

    /** Number of points (11). */
    public static final int COUNT = 11;
    private static final Point[] VALUES = values();

    private final boolean ap;
    private final String eventName;

    Point(boolean ap, String eventName) {
        this.ap = ap;
        this.eventName = eventName;
    }

    /** True when the AP kernel writes this point, false for Linux. */
    public boolean onAp() {
        return ap;
    }

    /** The trace event(s) behind the point. */
    public String eventName() {
        return eventName;
    }

    /** The point with ordinal {@code i} (0..10). */
    public static Point of(int i) {
        return VALUES[i];
    }
}
