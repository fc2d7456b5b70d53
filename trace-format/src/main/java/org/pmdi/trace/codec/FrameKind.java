package org.pmdi.trace.codec;

/**
 * Frame kinds and framing limits ({@code enum pmdi_frame_kind}, FORMAT.md §3).
 *
 * <pre>{@code
 * if (kind == FrameKind.EVENTS) { ... }
 * }</pre>
 */
public final class FrameKind {
    public static final int EVENTS = 0x01;
    public static final int HEADER = 0x02;
    public static final int INDEX = 0x03;
    public static final int TRAILER = 0x04;
    public static final int GAP = 0x05;

    /** Most bytes of kind + body. */
    public static final int PAYLOAD_MAX = 250;
    /** CRC32C bytes after the body. */
    public static final int CRC_LEN = 4;
    /** Most bytes of a frame on the wire, delimiter included. */
    public static final int WIRE_MAX = 256;
    /** Most data bytes of one HEADER chunk (250 - 1 - 6). */
    public static final int HEADER_CHUNK_MAX = PAYLOAD_MAX - 1 - 6;
    /** Most data bytes of one INDEX chunk (250 - 1 - 4). */
    public static final int INDEX_CHUNK_MAX = PAYLOAD_MAX - 1 - 4;
    /** Head byte bit: the record's request id is the previous one's. */
    public static final int SAME_REQ = 0x80;
    public static final int TYPE_MASK = 0x7f;

    private FrameKind() {
    }

    public static boolean isKnown(int kind) {
        return kind >= EVENTS && kind <= GAP;
    }
}
