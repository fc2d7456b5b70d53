package org.pmdi.trace;

/**
 * Level byte of a LOG blob ({@code enum pmdi_log_level}).
 *
 * <pre>{@code
 * LogLevel v = LogLevel.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum LogLevel {
    ERR(3),
    WARN(4),
    INFO(6),
    DEBUG(7);

    private final int code;

    LogLevel(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static LogLevel fromCode(int code) {
        for (LogLevel v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
