package org.pmdi.trace.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.pmdi.trace.FormatVersion;
import org.pmdi.trace.LittleEndian;

/**
 * Sealing payloads into wire frames ({@code pmdi_frame_seal}) and building the non-event
 * frames: HEADER chunks ({@code pmdi_hdr_frame}), GAP, INDEX and TRAILER.
 *
 * <pre>{@code
 * int n = Frames.seal(payload, len, wire, 0);            // payload needs 4 spare bytes after len
 * List<byte[]> hdr = Frames.headerFrames(sessionId, HeaderCodec.encode(h));
 * byte[] gap = Frames.gap(GapReason.PORT_CLOSED.code(), t0, t1);
 * }</pre>
 *
 * Every returned frame is a complete wire frame ending with its 0x00 delimiter.
 */
public final class Frames {
    /** A stream starts with a delimiter. */
    public static final byte[] STREAM_START = {0};

    private Frames() {
    }

    /** CRC32C of {@code b[off, off+len)}. */
    public static int crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /**
     * Writes the CRC of {@code payload[0, len)} at {@code payload[len]} and COBS-encodes
     * payload and CRC into {@code wire} at {@code off}; returns the wire length.
     * {@code len} must be 1..250.
     */
    public static int seal(byte[] payload, int len, byte[] wire, int off) {
        if (len < 1 || len > FrameKind.PAYLOAD_MAX) {
            throw new IllegalArgumentException("len must be 1..250, was " + len);
        }
        LittleEndian.put32(payload, len, crc32c(payload, 0, len));
        return Cobs.encode(payload, 0, len + FrameKind.CRC_LEN, wire, off);
    }

    /** A sealed frame of kind + body ({@code body} not null, at most 249 bytes). */
    public static byte[] frame(int kind, byte[] body) {
        byte[] p = new byte[1 + body.length + FrameKind.CRC_LEN];
        p[0] = (byte) kind;
        System.arraycopy(body, 0, p, 1, body.length);
        byte[] wire = new byte[FrameKind.WIRE_MAX];
        int n = seal(p, 1 + body.length, wire, 0);
        return java.util.Arrays.copyOf(wire, n);
    }

    /** The HEADER frames of a header blob: 243-byte chunks, at most 255 of them. */
    public static List<byte[]> headerFrames(long sessionId, byte[] blob) {
        int chunks = (blob.length + FrameKind.HEADER_CHUNK_MAX - 1) / FrameKind.HEADER_CHUNK_MAX;
        if (chunks > 255) {
            throw new IllegalArgumentException("blob must fit 255 chunks, was " + blob.length + " bytes");
        }
        List<byte[]> out = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int off = c * FrameKind.HEADER_CHUNK_MAX;
            int n = Math.min(FrameKind.HEADER_CHUNK_MAX, blob.length - off);
            byte[] body = new byte[6 + n];
            LittleEndian.put32(body, 0, (int) sessionId);
            body[4] = (byte) c;
            body[5] = (byte) chunks;
            System.arraycopy(blob, off, body, 6, n);
            out.add(frame(FrameKind.HEADER, body));
        }
        return out;
    }

    /** A GAP frame (reason 0..255; times are ns since the Unix epoch). */
    public static byte[] gap(int reason, long startUnixNs, long endUnixNs) {
        byte[] body = new byte[17];
        body[0] = (byte) reason;
        LittleEndian.put64(body, 1, startUnixNs);
        LittleEndian.put64(body, 9, endUnixNs);
        return frame(FrameKind.GAP, body);
    }

    /** The INDEX frames of an index blob: chunks of 245 bytes, numbered from 0. */
    public static List<byte[]> indexFrames(byte[] blob) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0, c = 0; off < blob.length || c == 0; off += FrameKind.INDEX_CHUNK_MAX, c++) {
            int n = Math.max(0, Math.min(FrameKind.INDEX_CHUNK_MAX, blob.length - off));
            byte[] body = new byte[4 + n];
            LittleEndian.put32(body, 0, c);
            System.arraycopy(blob, off, body, 4, n);
            out.add(frame(FrameKind.INDEX, body));
        }
        return out;
    }

    /** The TRAILER frame: where the index starts, how many INDEX frames, the current version's magic. */
    public static byte[] trailer(long indexOffset, int indexChunks) {
        byte[] body = new byte[8 + 4 + 8];
        LittleEndian.put64(body, 0, indexOffset);
        LittleEndian.put32(body, 8, indexChunks);
        System.arraycopy(FormatVersion.magic(FormatVersion.CURRENT), 0, body, 12, 8);
        return frame(FrameKind.TRAILER, body);
    }
}
