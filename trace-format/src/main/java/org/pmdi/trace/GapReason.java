package org.pmdi.trace;

/**
 * Why a recorder wrote a GAP frame (FORMAT.md §8).
 *
 * <pre>{@code
 * GapReason v = GapReason.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum GapReason {
    PORT_CLOSED(1),
    SOCKET_CLOSED(2),
    READ_ERROR(3);

    private final int code;

    GapReason(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static GapReason fromCode(int code) {
        for (GapReason v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
