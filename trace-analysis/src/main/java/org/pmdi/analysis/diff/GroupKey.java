package org.pmdi.analysis.diff;

/**
 * What requests are compared together: one device (Linux name, matched by name and class),
 * one operation and one size class (a power of two, bytes).
 *
 * <pre>{@code
 * new GroupKey("vdb", "block", "read", 65536).words();   // "vdb read 64 KiB"
 * }</pre>
 */
public record GroupKey(String device, String deviceClass, String op, long sizeClass) {
    public String words() {
        return device + " " + op + " " + size(sizeClass);
    }

    private static String size(long b) {
        if (b >= 1L << 20 && b % (1L << 20) == 0) {
            return (b >> 20) + " MiB";
        }
        if (b >= 1L << 10 && b % (1L << 10) == 0) {
            return (b >> 10) + " KiB";
        }
        return b + " B";
    }
}
