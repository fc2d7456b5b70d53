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
    SLOW_DRIVER,
    AP_SILENT,
    AP_FAULT,
    RING_OVERFLOW,
    UNEXPECTED_INTERRUPT,
    EVENTS_LOST,
    NEGATIVE_INTERVAL,
    INCOMPLETE_REQUESTS
}
