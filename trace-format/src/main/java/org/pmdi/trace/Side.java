package org.pmdi.trace;

/**
 * Which side wrote a trace ring ({@code enum pmdi_side}).
 *
 * <pre>{@code
 * Side v = Side.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum Side {
    AP(0),
    LINUX(1);

    private final int code;

    Side(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static Side fromCode(int code) {
        for (Side v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
