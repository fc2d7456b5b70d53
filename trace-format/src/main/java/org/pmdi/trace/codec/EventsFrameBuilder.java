package org.pmdi.trace.codec;

import org.pmdi.trace.EventType;

/**
 * Builds one EVENTS frame, byte-identical to {@code pmdi_fb_start} / {@code pmdi_fb_add} /
 * {@code pmdi_frame_seal}.
 *
 * <pre>{@code
 * EventsFrameBuilder fb = EventsFrameBuilder.create();
 * fb.start(source, seq, baseTsc, 0);
 * if (fb.add(type, tsc, req, args, nargs) != EventsFrameBuilder.OK) { int n = fb.seal(wire, 0); ... }
 * }</pre>
 *
 * tsc is compared unsigned; req is a u32 (0..2^32-1; higher bits are ignored). Signed
 * arguments are given as s64 values. Reusable; not thread-safe.
 */
public final class EventsFrameBuilder {
    /** {@link #add} result: the record was appended. */
    public static final int OK = 0;
    /** {@link #add} result: it does not fit, or its TSC goes backwards: seal and start anew. */
    public static final int FULL = -1;
    /** {@link #add} result: it cannot fit even an empty frame (a blob over 192 bytes). */
    public static final int TOO_BIG = -2;

    private final byte[] buf = new byte[FrameKind.PAYLOAD_MAX + FrameKind.CRC_LEN];
    private final byte[] rec = new byte[1 + 10 + 10 + EventType.MAX_ARGS * 10 + 10 + EventType.BLOB_MAX];
    private int len;
    private int nrec;
    private long lastTsc;
    private long lastReq;
    private int shift;
    private long dtsc;

    private EventsFrameBuilder() {
    }

    public static EventsFrameBuilder create() {
        return new EventsFrameBuilder();
    }

    /**
     * Starts a frame for {@code source} (0..255) whose first record has number {@code seq};
     * timestamps count in units of 2^{@code tscShift} cycles (0..16, 0 = exact).
     */
    public void start(int source, long seq, long baseTsc, int tscShift) {
        if (source < 0 || source > 255) {
            throw new IllegalArgumentException("source must be 0..255, was " + source);
        }
        if (tscShift < 0 || tscShift > StreamDecoder.MAX_TSC_SHIFT) {
            throw new IllegalArgumentException("tscShift must be 0..16, was " + tscShift);
        }
        len = putHead(buf, source, seq, baseTsc, tscShift);
        shift = tscShift;
        nrec = 0;
        lastTsc = baseTsc;
        lastReq = 0;
    }

    /**
     * Writes an EVENTS frame's head (kind, source, seq, base TSC, tsc_shift; FORMAT.md §4) at
     * {@code b[0]}, unchecked; returns its length, where the first record goes. For writers
     * that assemble records themselves.
     */
    public static int putHead(byte[] b, int source, long seq, long baseTsc, int tscShift) {
        b[0] = FrameKind.EVENTS;
        b[1] = (byte) source;
        int n = 2;
        n += Varint.put(b, n, seq);
        n += Varint.put(b, n, baseTsc);
        b[n++] = (byte) tscShift;
        return n;
    }

    /** Appends a fixed-type event; {@code args[0, nargs)} as in {@code struct pmdi_event}. */
    public int add(int type, long tsc, long req, long[] args, int nargs) {
        if (nargs < 0 || nargs > EventType.MAX_ARGS) {
            throw new IllegalArgumentException("nargs must be 0..5, was " + nargs);
        }
        int n = head(type, tsc, req);
        if (n < 0) {
            return n;
        }
        int signed = EventType.signedMaskOf(type);
        for (int i = 0; i < nargs; i++) {
            long v = args[i];
            n += Varint.put(rec, n, (signed >>> i & 1) != 0 ? Varint.zigzag(v) : v);
        }
        return commit(n, type, req);
    }

    /** Appends a blob-type event with blob {@code b[off, off+blen)}. */
    public int addBlob(int type, long tsc, long req, byte[] b, int off, int blen) {
        if (blen > EventType.BLOB_MAX) {
            return TOO_BIG;
        }
        int n = head(type, tsc, req);
        if (n < 0) {
            return n;
        }
        n += Varint.put(rec, n, blen);
        System.arraycopy(b, off, rec, n, blen);
        return commit(n + blen, type, req);
    }

    private int head(int type, long tsc, long req) {
        if (Long.compareUnsigned(tsc, lastTsc) < 0) {
            return FULL;
        }
        req &= 0xffffffffL;
        boolean hasReq = EventType.hasReqOf(type);
        int head = type & FrameKind.TYPE_MASK;
        if (hasReq && req == lastReq) {
            head |= FrameKind.SAME_REQ;
        }
        int n = 0;
        rec[n++] = (byte) head;
        dtsc = (tsc - lastTsc) >>> shift;
        n += Varint.put(rec, n, dtsc);
        if (hasReq && (head & FrameKind.SAME_REQ) == 0) {
            n += Varint.put(rec, n, Varint.zigzag((int) (req - lastReq)));
        }
        return n;
    }

    private int commit(int n, int type, long req) {
        if (len + n > FrameKind.PAYLOAD_MAX) {
            return FULL;
        }
        System.arraycopy(rec, 0, buf, len, n);
        len += n;
        nrec++;
        lastTsc += dtsc << shift;
        if (EventType.hasReqOf(type)) {
            lastReq = req & 0xffffffffL;
        }
        return OK;
    }

    /** Records appended since {@link #start}. */
    public int recordCount() {
        return nrec;
    }

    /** Payload bytes (kind + body) so far. */
    public int payloadLength() {
        return len;
    }

    /**
     * Seals the frame into {@code wire} at {@code off} (room for 256 bytes); returns its
     * length on the wire. The builder keeps its state; call {@link #start} for the next frame.
     */
    public int seal(byte[] wire, int off) {
        return Frames.seal(buf, len, wire, off);
    }
}
