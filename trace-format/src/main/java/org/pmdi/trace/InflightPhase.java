package org.pmdi.trace;

/**
 * Phase of an in-flight request ({@code enum pmdi_phase}), in INFLIGHT blobs.
 *
 * <pre>{@code
 * Phase v = Phase.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum Phase {
    QUEUED(0),
    DISPATCHED(1),
    IN_DRIVER(2),
    REPLIED(3);

    private final int code;

    Phase(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static Phase fromCode(int code) {
        for (Phase v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
