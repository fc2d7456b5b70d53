package org.pmdi.trace.codec;

/**
 * LEB128 varints and zigzag svarints (FORMAT.md §1), as written by {@code pmdi_put_varint}
 * and {@code pmdi_zigzag}.
 *
 * <pre>{@code
 * int n = Varint.put(buf, off, value);              // 1..10 bytes
 * long z = Varint.zigzag(-3);                       // 5
 * long v = Varint.read(buf, pos, end);              // check Varint.length(buf, pos, end) > 0 first
 * }</pre>
 *
 * Values are u64 bit patterns. A varint longer than 10 bytes, or whose 10th byte is greater
 * than 1, is malformed: {@link #length} returns -1 for it, and 0 when it is cut off by {@code end}.
 */
public final class Varint {
    /** Most bytes of a u64 varint. */
    public static final int MAX_BYTES = 10;

    private Varint() {
    }

    /** Writes {@code v} at {@code b[off]}; returns the bytes written (1..10). */
    public static int put(byte[] b, int off, long v) {
        int n = 0;
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            b[off + n++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[off + n++] = (byte) v;
        return n;
    }

    /** Bytes {@link #put} would write for {@code v} (1..10). */
    public static int size(long v) {
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /**
     * Length of the varint at {@code b[pos]}: 1..10, 0 when {@code end} cuts it off, -1 when
     * it is malformed.
     */
    public static int length(byte[] b, int pos, int end) {
        for (int i = 0; i < MAX_BYTES; i++) {
            if (pos + i >= end) {
                return 0;
            }
            int x = b[pos + i] & 0xff;
            if (i == MAX_BYTES - 1 && x > 1) {
                return -1;
            }
            if (x < 0x80) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The value of a well-formed varint at {@code b[pos]} (check {@link #length} first). */
    public static long read(byte[] b, int pos, int end) {
        long v = 0;
        for (int shift = 0; pos < end; shift += 7) {
            int x = b[pos++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                break;
            }
        }
        return v;
    }
}
