package org.pmdi.trace.codec;

/**
 * Consistent Overhead Byte Stuffing, byte-identical to {@code pmdi_cobs_encode}.
 *
 * <pre>{@code
 * byte[] wire = new byte[Cobs.maxEncodedLength(len)];
 * int n = Cobs.encode(in, 0, len, wire, 0);         // includes the 0x00 delimiter
 * int m = Cobs.decode(wire, 0, n - 1, out, 0);      // -1 when not valid COBS
 * }</pre>
 *
 * Encoding accepts any length; the format uses at most 254 input bytes per frame.
 */
public final class Cobs {
    private Cobs() {
    }

    /** Bytes {@link #encode} writes at most for {@code len} input bytes, delimiter included. */
    public static int maxEncodedLength(int len) {
        return len + len / 254 + 2;
    }

    /**
     * Encodes {@code in[off, off+len)} into {@code out} at {@code outOff} and appends the 0x00
     * delimiter; returns the bytes written.
     */
    public static int encode(byte[] in, int off, int len, byte[] out, int outOff) {
        int codeAt = outOff;
        int o = outOff + 1;
        int code = 1;
        for (int i = 0; i < len; i++) {
            byte x = in[off + i];
            if (x == 0) {
                out[codeAt] = (byte) code;
                codeAt = o++;
                code = 1;
                continue;
            }
            out[o++] = x;
            if (++code == 0xff && i + 1 < len) {
                out[codeAt] = (byte) code;
                codeAt = o++;
                code = 1;
            }
        }
        out[codeAt] = (byte) code;
        out[o++] = 0;
        return o - outOff;
    }

    /**
     * Decodes the encoded bytes {@code in[off, off+len)} (without the delimiter) into
     * {@code out} at {@code outOff}; returns the decoded length, or -1 when they are not
     * valid COBS (a zero byte, or a code that runs past the end). {@code out} needs
     * {@code len} bytes of room.
     */
    public static int decode(byte[] in, int off, int len, byte[] out, int outOff) {
        int end = off + len;
        int p = off;
        int o = outOff;
        while (p < end) {
            int code = in[p++] & 0xff;
            if (code == 0 || p + code - 1 > end) {
                return -1;
            }
            for (int k = 1; k < code; k++) {
                byte x = in[p++];
                if (x == 0) {
                    return -1;
                }
                out[o++] = x;
            }
            if (code < 0xff && p < end) {
                out[o++] = 0;
            }
        }
        return o - outOff;
    }
}
