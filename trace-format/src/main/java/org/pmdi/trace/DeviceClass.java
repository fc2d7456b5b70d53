package org.pmdi.trace;

/**
 * Device classes of the session header's DEVICE entries ({@code enum pmdi_dev_class}).
 *
 * <pre>{@code
 * DeviceClass v = DeviceClass.fromCode(code);   // null when this version does not know the code
 * int code = v.code();
 * }</pre>
 */
public enum DeviceClass {
    NULL(0),
    CONSOLE(1),
    BLOCK(2),
    NET(3),
    RNG(4),
    CLOCK(5);

    private final int code;

    DeviceClass(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static DeviceClass fromCode(int code) {
        for (DeviceClass v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        return null;
    }
}
