package org.pmdi.viewer.timeline;

/**
 * How the timeline colours the parts of a request's life. The intervals follow the traced
 * points (FORMAT.md §4.2); the analysis's phase statistics come from trace-analysis.
 *
 * <pre>{@code
 * int argb = VisualPhase.DRIVER.argb();
 * }</pre>
 */
public enum VisualPhase {
    /** REQ_POST → DISPATCH: in the mailbox, doorbell delivery, waiting for the dispatcher. */
    QUEUED("queued / doorbell", 0xFF9C8ADE),
    /** DISPATCH → DRV_BEGIN. */
    DISPATCH("dispatch", 0xFFF2B134),
    /** DRV_BEGIN → DRV_END. */
    DRIVER("in driver", 0xFF3A86FF),
    /** DRV_END → REPLY_POST. */
    REPLY("reply", 0xFF2EC4B6),
    /** REPLY_POST → REPLY_TAKE: completion delivery to the AP. */
    COMPLETION("completion delivery", 0xFFFF7F50),
    /** REPLY_TAKE → REQ_DONE. */
    PICKUP("picked up by AP", 0xFF6AB04C),
    /** Still outstanding at the end of what is known. */
    OUTSTANDING("outstanding", 0xFFE63946);

    private final String label;
    private final int argb;

    VisualPhase(String label, int argb) {
        this.label = label;
        this.argb = argb;
    }

    public String label() {
        return label;
    }

    public int argb() {
        return argb;
    }
}
