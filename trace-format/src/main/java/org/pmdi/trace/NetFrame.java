package org.pmdi.trace;

import java.util.Arrays;

/**
 * View of a NET_FRAME blob (format v1, type 67): the start of one Ethernet frame a NIC sent or
 * received, as Linux saw it.
 *
 * <pre>{@code
 * if (NetFrame.isWellFormed(buf, off, len)) {
 *     NetFrame f = NetFrame.parse(Arrays.copyOfRange(buf, off, off + len));
 *     boolean cut = f.truncated();   // only the first f.data().length of f.length() bytes kept
 * }
 * }</pre>
 *
 * @param dev    0..255, the DEVICE id
 * @param dir    what happened to the frame
 * @param length 0..2^32-1, the whole frame's length (Ethernet header included, no FCS)
 * @param data   the captured bytes: at most {@code min(length, 184)}; copied in and out
 */
public record NetFrame(int dev, Direction dir, long length, byte[] data) {
    /** Where the frame went (the blob's {@code dir} byte). */
    public enum Direction {
        /** A SEND's frame, handed to the driver. */
        TX(0),
        /** A received frame, copied into an AP receive buffer. */
        RX(1),
        /** A received frame dropped: the AP had no receive buffer posted. */
        RX_DROPPED(2);

        private final int code;

        Direction(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The direction with this code, or null for a code this version does not know. */
        public static Direction fromCode(int code) {
            for (Direction d : values()) {
                if (d.code == code) {
                    return d;
                }
            }
            return null;
        }
    }

    public NetFrame {
        Checks.range("dev", dev, 0, 255);
        Checks.notNull("dir", dir);
        Checks.range("length", length, 0, 0xffffffffL);
        Checks.notNull("data", data);
        Checks.range("data.length", data.length, 0, Math.min(length, Layout.NET_FRAME_SNAP_MAX));
        data = data.clone();
    }

    /**
     * True when {@code buf[off, off+len)} is a NET_FRAME blob this version can read: at least
     * the 8-byte head, a known direction, and as many frame bytes as {@code min(length, snap)}
     * for some snap ≤ 184 (never more than the frame's length). Anything else is malformed.
     */
    public static boolean isWellFormed(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < Layout.NET_FRAME_DATA || off + len > buf.length) {
            return false;
        }
        long frameLen = LittleEndian.u32(buf, off + Layout.NET_FRAME_LEN);
        int captured = len - Layout.NET_FRAME_DATA;
        return captured <= Layout.NET_FRAME_SNAP_MAX && captured <= frameLen
                && Direction.fromCode(buf[off + Layout.NET_FRAME_DIR] & 0xff) != null;
    }

    /** Parses a whole blob; IllegalArgumentException when it is not {@link #isWellFormed}. */
    public static NetFrame parse(byte[] blob) {
        Checks.notNull("blob", blob);
        if (!isWellFormed(blob, 0, blob.length)) {
            throw new IllegalArgumentException("blob is not a well-formed NET_FRAME (" + blob.length + " bytes)");
        }
        return new NetFrame(LittleEndian.u8(blob, Layout.NET_FRAME_DEV),
                Direction.fromCode(LittleEndian.u8(blob, Layout.NET_FRAME_DIR)),
                LittleEndian.u32(blob, Layout.NET_FRAME_LEN),
                Arrays.copyOfRange(blob, Layout.NET_FRAME_DATA, blob.length));
    }

    /** The blob a writer puts in the record: head, then {@code data}. */
    public byte[] toBlob() {
        byte[] b = new byte[Layout.NET_FRAME_DATA + data.length];
        b[Layout.NET_FRAME_DEV] = (byte) dev;
        b[Layout.NET_FRAME_DIR] = (byte) dir.code();
        LittleEndian.put32(b, Layout.NET_FRAME_LEN, (int) length);
        System.arraycopy(data, 0, b, Layout.NET_FRAME_DATA, data.length);
        return b;
    }

    /** True when fewer bytes than the frame's length were captured. */
    public boolean truncated() {
        return data.length < length;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetFrame f && f.dev == dev && f.dir == dir && f.length == length
                && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return (31 * dev + dir.hashCode()) * 31 + Long.hashCode(length) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NetFrame[dev=" + dev + ", dir=" + dir + ", length=" + length + ", captured=" + data.length + "]";
    }
}
