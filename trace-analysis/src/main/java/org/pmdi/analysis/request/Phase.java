package org.pmdi.analysis.request;

/**
 * The phases of a request: consecutive intervals between {@link Point}s, so that they add
 * up to the request's total latency (REQ_POST → REQ_DONE).
 *
 * <pre>{@code
 * long ns = view.phaseNs(Phase.DRIVER);     // Request.ABSENT when a bounding event is missing
 * String words = Phase.DRIVER.label();       // "in driver"
 * }</pre>
 *
 * QUEUED: REQ_POST → doorbell decision. DOORBELL: decision → Linux's IPI_RECV (0 when the
 * doorbell was suppressed because Linux was awake; up to DISPATCH when Linux picked the
 * request up before its IPI). DISPATCH_WAIT: → DRV_BEGIN. DRIVER: DRV_BEGIN → DRV_END.
 * COMPLETION: DRV_END → the AP's IPI_RECV (or REPLY_TAKE when that doorbell was suppressed).
 * PICKUP: → REQ_DONE.
 */
public enum Phase {
    QUEUED("queued", "queued in the mailbox"),
    DOORBELL("doorbell", "doorbell delivery"),
    DISPATCH_WAIT("dispatch_wait", "waiting for the dispatcher"),
    DRIVER("driver", "in driver"),
    COMPLETION("completion", "completion delivery"),
    PICKUP("pickup", "picked up by the AP");

    /** Number of phases (6). */
    public static final int COUNT = 6;
    private static final Phase[] VALUES = values();

    private final String key;
    private final String label;

    Phase(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** Short machine name used in CSV, JSON and CTF field names. */
    public String key() {
        return key;
    }

    /** Plain words for reports. */
    public String label() {
        return label;
    }

    /** The phase with ordinal {@code i} (0..5). */
    public static Phase of(int i) {
        return VALUES[i];
    }
}
