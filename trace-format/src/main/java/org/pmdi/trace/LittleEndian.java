package org.pmdi.trace;

/**
 * Little-endian reads and writes on byte arrays, as every fixed field of the format is.
 *
 * <pre>{@code
 * long rip = LittleEndian.u64(blob, Layout.AP_FAULT_RIP);
 * LittleEndian.put32(buf, 4, crc);
 * }</pre>
 *
 * Offsets must leave room for the field; otherwise {@link ArrayIndexOutOfBoundsException}.
 */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** An unsigned 32-bit field as a long in [0, 2^32). */
    public static long u32(byte[] b, int off) {
        return s32(b, off) & 0xffffffffL;
    }

    /** A 32-bit field as its int bit pattern. */
    public static int s32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** A 64-bit field as its long bit pattern (u64 values above Long.MAX_VALUE are negative). */
    public static long u64(byte[] b, int off) {
        return (s32(b, off) & 0xffffffffL) | (long) s32(b, off + 4) << 32;
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) v);
        put32(b, off + 4, (int) (v >>> 32));
    }
}
