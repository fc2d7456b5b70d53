package org.pmdi.trace;

/**
 * Where DISPATCH ran ({@code enum pmdi_dispatch_ctx}).
 *
 * <pre>{@code
 * DispatchContext v = DispatchContext.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum DispatchContext {
    IRQ(0),
    WORKER(1);

    private final int code;

    DispatchContext(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static DispatchContext fromCode(int code) {
        for (DispatchContext v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
