package org.pmdi.analysis.diff;

import java.util.Locale;
import org.pmdi.trace.Op;

/**
 * What requests are compared together: one device (matched across the two traces by Linux
 * name and class), one operation, one size class, so that a change of the workload's mix is
 * not mistaken for a change of latency.
 *
 * <pre>{@code
 * GroupKey k = new GroupKey("vdb", "block", "read", GroupKey.sizeClass(40_000));
 * k.words();   // "vdb read 64 KiB"
 * }</pre>
 *
 * @param device      Linux device name ("vdb")
 * @param deviceClass device class in lower case ("block")
 * @param op          operation in lower case ("read", "write", ...), "op7" for a code this
 *                    version does not know
 * @param sizeClass   request length rounded up to a power of two (bytes), 0 for requests
 *                    without data
 */
public record GroupKey(String device, String deviceClass, String op, long sizeClass) {
    public GroupKey {
        if (device == null || deviceClass == null || op == null) {
            throw new IllegalArgumentException("device, deviceClass and op must not be null");
        }
        if (sizeClass < 0 || (sizeClass & (sizeClass - 1)) != 0) {
            throw new IllegalArgumentException("sizeClass must be 0 or a power of two, was " + sizeClass);
        }
    }

    /** {@code length} rounded up to a power of two; 0 for 0 or an unknown (negative) length. */
    public static long sizeClass(long length) {
        if (length <= 0) {
            return 0;
        }
        if (length > 1L << 62) {
            return 1L << 62;
        }
        return length == 1 ? 1 : Long.highestOneBit(length - 1) << 1;
    }

    /** The lower-case name of op code {@code code} ("read"), or "op7". */
    public static String opName(int code) {
        Op op = Op.fromCode(code);
        return op == null ? "op" + code : op.name().toLowerCase(Locale.ROOT);
    }

    /**
     * "vdb read 64 KiB"; without the size when the class is 0; op NULL (a request that asks
     * nothing, the null device's) reads "no-op": "null no-op", not "null null".
     */
    public String words() {
        String what = op.equals("null") ? "no-op" : op;
        return sizeClass == 0 ? device + " " + what : device + " " + what + " " + size(sizeClass);
    }

    /** "512 B", "64 KiB", "1 MiB", "2 GiB" (exact: a power of two). */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        long v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v >>= 10;
            u++;
        }
        return v + " " + units[u];
    }
}
