package org.pmdi.trace;

/**
 * Which mailbox ring a doorbell or overflow event talks about ({@code enum pmdi_ring_id}).
 *
 * <pre>{@code
 * Ring v = Ring.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum Ring {
    REQUEST(0),
    COMPLETION(1),
    EVENT(2);

    private final int code;

    Ring(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static Ring fromCode(int code) {
        for (Ring v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
