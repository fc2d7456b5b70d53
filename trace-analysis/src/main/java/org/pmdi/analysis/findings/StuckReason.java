package org.pmdi.analysis.findings;

/**
 * Where a stuck request stopped, in plain words.
 *
 * <pre>{@code
 * String words = StuckReason.IN_DRIVER.words();   // "inside the driver (driver never returned)"
 * }</pre>
 */
public enum StuckReason {
    NOT_SEEN_BY_LINUX("doorbell never rung or never seen by Linux"),
    WAITING_FOR_DISPATCHER("waiting for the dispatcher (backlog)"),
    IN_DRIVER("inside the driver (driver never returned)"),
    COMPLETION_NOT_TAKEN("completion posted but never taken by the AP"),
    AP_SILENT("AP silent (no heartbeat)");

    private final String words;

    StuckReason(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
