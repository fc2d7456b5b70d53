package org.pmdi.trace;

/**
 * Request operations, as in the mailbox ABI ({@code enum pmdi_op}).
 *
 * <pre>{@code
 * Op v = Op.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum Op {
    NULL(0),
    READ(1),
    WRITE(2),
    FLUSH(3),
    SEND(4),
    RECV(5);

    private final int code;

    Op(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static Op fromCode(int code) {
        for (Op v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
