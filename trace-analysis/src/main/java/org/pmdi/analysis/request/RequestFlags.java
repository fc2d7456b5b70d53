package org.pmdi.analysis.request;

import java.util.ArrayList;
import java.util.List;

/**
 * Bit flags of a reconstructed request: how its doorbells went and what was odd about its
 * events. Flags never change timestamps: an odd request keeps its raw mapped times.
 *
 * <pre>{@code
 * if ((view.flags() & RequestFlags.NEGATIVE_INTERVAL) != 0) { ... }
 * String text = RequestFlags.describe(view.flags());     // "doorbell_suppressed|missing_events"
 * }</pre>
 */
public final class RequestFlags {
    /** The AP skipped the request doorbell: Linux was already draining. */
    public static final int DOORBELL_SUPPRESSED = 1;
    /** Linux skipped the completion doorbell: the AP was already draining. */
    public static final int COMPLETION_SUPPRESSED = 1 << 1;
    /** An event arrived after a later event of the same side of this request. */
    public static final int OUT_OF_ORDER = 1 << 2;
    /** Some point of the data path was never seen (lost, or not traced). */
    public static final int MISSING_EVENTS = 1 << 3;
    /**
     * Some phase came out negative after clock mapping (flagged, never clamped). Only a
     * negative phase larger than the clock-sync uncertainty of the mappings involved is a
     * finding ({@code NEGATIVE_INTERVAL}); within it, it is consistent with the clocks.
     */
    public static final int NEGATIVE_INTERVAL = 1 << 4;
    /** The same point was traced twice; the first one is kept. */
    public static final int DUPLICATE_EVENT = 1 << 5;
    /** The request returned an error status. */
    public static final int ERROR_STATUS = 1 << 6;
    /** A new session began while the request was still open. */
    public static final int SESSION_ENDED = 1 << 7;
    /** Its id was posted again before this request completed. */
    public static final int ID_REUSED = 1 << 8;
    /** First seen in an in-flight snapshot (INFLIGHT record), e.g. after a late attach. */
    public static final int FROM_SNAPSHOT = 1 << 9;
    /**
     * Linux DISPATCHed the request before the AP recorded its request-doorbell decision: a
     * drain that was already running took it (the AP publishes, then decides on the
     * doorbell). The doorbell did not bring it to Linux; its doorbell delivery phase is 0.
     */
    public static final int TAKEN_BEFORE_DOORBELL = 1 << 10;
    /**
     * Linux refused the request (a REQ_REFUSED record, format v1, for a reason other than a
     * driver error): it answered without the driver doing I/O, so the request is complete
     * without DRV_BEGIN and DRV_END.
     */
    public static final int REFUSED = 1 << 11;

    private static final String[] NAMES = {"doorbell_suppressed", "completion_suppressed", "out_of_order",
        "missing_events", "negative_interval", "duplicate_event", "error_status", "session_ended", "id_reused",
        "from_snapshot", "taken_before_doorbell", "refused"};

    private RequestFlags() {
    }

    /** Flag names joined by '|', or "" for none. */
    public static String describe(int flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                out.add(NAMES[i]);
            }
        }
        return String.join("|", out);
    }
}
