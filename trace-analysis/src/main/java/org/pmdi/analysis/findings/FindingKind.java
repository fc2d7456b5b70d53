package org.pmdi.analysis.findings;

/**
 * What a {@link Finding} is about.
 *
 * <pre>{@code
 * if (f.kind() == FindingKind.STUCK_REQUEST) { ... }
 * }</pre>
 */
public enum FindingKind {
    STUCK_REQUEST,
    /**
     * An outstanding request whose next event may be in a loss of events, with no snapshot
     * proving it stuck: "cannot tell", INFO (no exit code).
     */
    STUCK_UNCERTAIN,
    SLOW_DRIVER,
    AP_SILENT,
    AP_FAULT,
    /** Linux declared a channel broken (the AP broke the protocol) and stopped serving it: an error. */
    CHANNEL_BROKEN,
    /** Other errors Linux logged in the trace (LOG records at level ERR), counted: a warning. */
    LINUX_ERROR,
    RING_OVERFLOW,
    UNEXPECTED_INTERRUPT,
    EVENTS_LOST,
    NEGATIVE_INTERVAL,
    INCOMPLETE_REQUESTS,
    /** The Linux driver failed requests of a device (DRV_END status &lt; 0): an error. */
    DRIVER_ERRORS,
    /** Linux refused malformed requests of the AP (a bug in the new OS): an error. */
    MALFORMED_REQUESTS,
    /** Linux refused well-formed requests (unloading, out of memory): not the AP's fault. */
    REQUESTS_REFUSED,
    /** Requests failed and the trace does not say why (a v0 trace, or lost events): a warning. */
    REQUESTS_FAILED,
    /** A NIC dropped frames because the AP had no receive buffer posted (NET_DROP): a warning. */
    FRAMES_DROPPED,
    /** A NIC's link went down (NET_LINK): info once it came back up, a warning while still down. */
    LINK_DOWN,
    /**
     * Records of known types whose content could not be read (a blob of the wrong size or
     * shape: a tracer's bug), counted by type: a warning.
     */
    UNREADABLE_RECORDS
}
