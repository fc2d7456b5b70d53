package org.pmdi.trace.codec;

import org.pmdi.trace.EventType;
import org.pmdi.trace.FormatVersion;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.SessionHeader;

/**
 * Decodes a trace stream into events (FORMAT.md §3–§8): frames, records, session headers,
 * gaps, and exact loss accounting.
 *
 * <pre>{@code
 * StreamDecoder d = StreamDecoder.create(visitor);
 * d.push(bytes, 0, n);          // incremental, resumable, any chunking
 * d.finish();                   // end of input
 * DecodeStats s = d.stats();
 * }</pre>
 *
 * Transport loss is the sum of forward jumps of each source's {@code seq} (a new session id
 * forgets the previous seqs; a backward jump is not loss). A frame starting below its
 * source's seq in the same session is a duplicate: counted, reported and dropped. Frames
 * decoded before the first header are taken to be of that header's session, so their seqs
 * are kept (a source restarting from a lower seq right after it is a new session, not a
 * duplicate). Corrupt and unknown frames are reported to the visitor. Ring loss is the sum of LOST
 * records. INDEX and TRAILER frames are counted as frames and otherwise skipped. Never
 * throws on bad input and allocates nothing per event. Not thread-safe.
 */
public final class StreamDecoder implements FrameSink {
    private final TraceVisitor visitor;
    private final FrameDecoder frames;
    private final HeaderAssembler headerChunks = new HeaderAssembler();
    /** Records may be parsed up to this many bytes past their frame's end before the check. */
    private static final int SLACK = 96;
    /** Largest tsc_shift of an EVENTS frame (FORMAT.md §4). */
    public static final int MAX_TSC_SHIFT = 16;
    private final long[] args = new long[EventType.MAX_ARGS];
    private final byte[] slackCopy = new byte[FrameKind.WIRE_MAX + SLACK];
    private final long[] nextSeq = new long[256];
    private final boolean[] seen = new boolean[256];
    /** Seen before the first header: the source's next frame may restart its seqs (a new session). */
    private final boolean[] provisional = new boolean[256];
    private long duplicateFrames;
    private long sessionId = -1;
    private long directFrames;
    private long unknownRecords;
    private long events;
    private long lostInRing;
    private long lostInTransport;
    private long badHeaders;
    private long headers;
    private long unknownVersionHeaders;
    private int unknownVersion = -1;
    private SessionHeader header;

    private static final int LOST_TYPE = 16;
    /** Position after the last varint read by {@link #varintSlow}. */
    private int pos;
    private boolean bad;

    private StreamDecoder(TraceVisitor visitor) {
        this.visitor = visitor;
        this.frames = FrameDecoder.create(this);
    }

    /** A decoder calling {@code visitor} (not null). */
    public static StreamDecoder create(TraceVisitor visitor) {
        if (visitor == null) {
            throw new IllegalArgumentException("visitor must not be null");
        }
        return new StreamDecoder(visitor);
    }

    /** Decodes {@code b[off, off+len)}. */
    public void push(byte[] b, int off, int len) {
        frames.push(b, off, len);
    }

    /** End of input: a partial last frame counts as corrupt. */
    public void finish() {
        frames.finish();
    }

    /** The frame layer, e.g. to set the stream offset before pushing from mid-file. */
    public FrameDecoder frameDecoder() {
        return frames;
    }

    /** The last session header that completed and parsed, or null. */
    public SessionHeader header() {
        return header;
    }

    /**
     * Forgets the per-source seqs, e.g. after seeking: the next frame of each source is not
     * compared with what came before.
     */
    public void resetSeqTracking() {
        java.util.Arrays.fill(seen, false);
        java.util.Arrays.fill(provisional, false);
    }

    /** EVENTS frames dropped as duplicates (starting below their source's seq). */
    public long duplicateFrames() {
        return duplicateFrames;
    }

    public DecodeStats stats() {
        return new DecodeStats(frames.good() + directFrames, frames.corrupt(), frames.unknown() + unknownRecords,
                events, lostInRing, lostInTransport, badHeaders, headers, unknownVersionHeaders, unknownVersion);
    }

    /**
     * Handles one good frame; the pushed bytes come here through the frame layer, and a
     * caller that frames by itself (e.g. a file writer) may call it directly, which counts
     * the frame as good too.
     */
    public void frame(int kind, byte[] payload, int len, long offset) {
        java.util.Objects.checkFromIndexSize(0, len, payload.length);
        directFrames++;
        if (payload.length < len + SLACK) {
            System.arraycopy(payload, 0, slackCopy, 0, Math.min(len, FrameKind.WIRE_MAX));
            payload = slackCopy;
            len = Math.min(len, FrameKind.WIRE_MAX);
        }
        onFrame(kind, payload, len, offset);
    }

    @Override
    public void onBadFrame(boolean unknownKind, long offset) {
        visitor.onBadFrame(unknownKind, offset);
    }

    @Override
    public void onFrame(int kind, byte[] payload, int len, long offset) {
        switch (kind) {
            case FrameKind.EVENTS -> events(payload, len, offset);
            case FrameKind.HEADER -> header(payload, len);
            case FrameKind.GAP -> gap(payload, len, offset);
            default -> {
                // INDEX and TRAILER: file structure, not events
            }
        }
    }

    private void gap(byte[] p, int len, long offset) {
        if (len < 1 + 1 + 16) {
            unknownRecords++;
            visitor.onBadFrame(true, offset);
            return;
        }
        visitor.onGap(GapMark.of(p[1] & 0xff, LittleEndian.u64(p, 2), LittleEndian.u64(p, 10)));
    }

    private void header(byte[] p, int len) {
        byte[] blob = headerChunks.add(p, len);
        if (blob == null) {
            return;
        }
        SessionHeader h;
        try {
            h = HeaderCodec.parse(blob);
        } catch (TraceFormatException e) {
            badHeaders++;
            int v = HeaderCodec.magicVersion(blob);
            if (v >= 0 && !FormatVersion.isKnownMagic(blob, 0)) {
                unknownVersionHeaders++;
                unknownVersion = v;
            }
            visitor.onBadHeader(e.getMessage());
            return;
        }
        headers++;
        if (h.sessionId() != sessionId) {
            if (sessionId == -1) {
                // the frames before it are most likely this session's: keep their seqs so
                // that loss among them and the next frames still counts
                System.arraycopy(seen, 0, provisional, 0, seen.length);
            } else {
                resetSeqTracking();
            }
            sessionId = h.sessionId();
        }
        header = h;
        visitor.onHeader(h);
    }

    /**
     * Per type 0..127: bits 0..3 argument count (15 = blob, 14 = not listed), bits 4..8 the
     * signed-argument mask, bit 9 set when the type carries a request id.
     */
    private static final int[] TYPE_INFO = new int[128];
    private static final int BLOB = 15;
    private static final int UNLISTED = 14;
    private static final int HAS_REQ = 1 << 9;
    /** Bits 4..8 of {@link #TYPE_INFO} shifted down: the signed-argument mask. */
    private static final int SIGNED_MASK = 0x1f;

    static {
        for (int t = 0; t < 128; t++) {
            int n = EventType.argCountOf(t);
            int info = n >= 0 ? n : n == -2 ? BLOB : UNLISTED;
            info |= EventType.signedMaskOf(t) << 4;
            if (EventType.hasReqOf(t)) {
                info |= HAS_REQ;
            }
            TYPE_INFO[t] = info;
        }
    }

    /** Multi-byte varint starting at {@code b[p]}; leaves the position after it in {@link #pos}. */
    private long varintSlow(byte[] b, int p) {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int x = b[p++];
            if (shift == 63 && (x & 0xff) > 1) {
                bad = true;
                pos = p;
                return 0;
            }
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                pos = p;
                return v;
            }
        }
        bad = true;
        pos = p;
        return 0;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The value of a varint of {@code nb} (1..8) bytes, the first of them the lowest byte of
     * {@code w}: its seven-bit groups packed by three shifts, without a loop or a call.
     */
    static long varint8(long w, int nb) {
        long x = w & (-1L >>> (64 - 8 * nb)) & 0x7f7f7f7f7f7f7f7fL;
        x = (x & 0x007f007f007f007fL) | (x & 0x7f007f007f007f00L) >>> 1;
        x = (x & 0x00003fff00003fffL) | (x & 0x3fff00003fff0000L) >>> 2;
        return (x & 0x000000000fffffffL) | (x & 0x0fffffff00000000L) >>> 4;
    }

    /** The signed arguments (bit i of {@code signed}: {@code a[i]}) from their zigzag form. */
    private static void zigzag(long[] a, int signed) {
        for (int i = 0; signed != 0; i++, signed >>>= 1) {
            if ((signed & 1) != 0) {
                long x = a[i];
                a[i] = (x >>> 1) ^ -(x & 1);
            }
        }
    }

    private void events(byte[] p, int len, long offset) {
        if (len < 3) {
            unknownRecords++;
            visitor.onBadFrame(true, offset);
            return;
        }
        bad = false;
        int q = 2;
        int source = p[1] & 0xff;
        long seq = varintSlow(p, q);
        long tsc = varintSlow(p, pos);
        q = pos;
        int shift = p[q++] & 0xff;
        if (bad || q > len || shift > MAX_TSC_SHIFT) {
            unknownRecords++;
            visitor.onBadFrame(true, offset);
            return;
        }
        TraceVisitor v = visitor;
        boolean restart = !seen[source];
        if (seen[source]) {
            long expected = nextSeq[source];
            if (seq != expected) {
                if (Long.compareUnsigned(seq, expected) > 0) {
                    lostInTransport += seq - expected;
                    v.onTransportLoss(source, expected, seq);
                } else if (!provisional[source]) {
                    duplicateFrames++;
                    v.onDuplicateFrame(source, seq, offset);
                    return;
                } else {
                    restart = true; // lower right after the first header: the session's own start
                }
            }
            provisional[source] = false;
        }
        v.onEventsFrame(source, seq, offset);
        final long[] a = args;
        final int[] table = TYPE_INFO;
        long req = 0;
        long s = seq;
        long n0 = events;
        // an overlong varint (bad) can only come from varintSlow: tested right after its calls,
        // not once per record
        records:
        while (q < len) {
            int head = p[q++];
            int type = head & FrameKind.TYPE_MASK;
            int info = table[type];
            long x;
            int b = p[q];
            int b1;
            if (b >= 0) {
                x = b;
                q++;
            } else if ((b1 = p[q + 1]) >= 0) {
                // two bytes: the usual TSC delta of the data path (past len: caught below; p[q + 1]
                // exists: the payload has slack past len, and without it varintSlow would read it too)
                x = (b & 0x7f) | (long) b1 << 7;
                q += 2;
            } else {
                long w;
                long stops;
                if (q <= p.length - 8 && (stops = ~(w = (long) LONGS.get(p, q)) & HIGHS) != 0) {
                    int vb = (Long.numberOfTrailingZeros(stops) >>> 3) + 1;
                    x = varint8(w, vb);
                    q += vb;
                } else {
                    x = varintSlow(p, q);
                    q = pos;
                    if (bad) {
                        unknownRecords++;
                        break;
                    }
                }
            }
            tsc += x << shift;
            long r = 0;
            if ((info & HAS_REQ) != 0) {
                if ((head & FrameKind.SAME_REQ) == 0) {
                    b = p[q];
                    if (b >= 0) {
                        x = b;
                        q++;
                    } else {
                        long w;
                        long stops;
                        if (q <= p.length - 8 && (stops = ~(w = (long) LONGS.get(p, q)) & HIGHS) != 0) {
                            int vb = (Long.numberOfTrailingZeros(stops) >>> 3) + 1;
                            x = varint8(w, vb);
                            q += vb;
                        } else {
                            x = varintSlow(p, q);
                            q = pos;
                            if (bad) {
                                unknownRecords++;
                                break;
                            }
                        }
                    }
                    req = (req + ((x >>> 1) ^ -(x & 1))) & 0xffffffffL;
                }
                r = req;
            }
            int n = info & 0xf;
            if (n <= EventType.MAX_ARGS) {
                for (int i = 0; i < n; i++) {
                    b = p[q];
                    if (b >= 0) {
                        x = b;
                        q++;
                    } else {
                        long w;
                        long stops;
                        if (q <= p.length - 8 && (stops = ~(w = (long) LONGS.get(p, q)) & HIGHS) != 0) {
                            int vb = (Long.numberOfTrailingZeros(stops) >>> 3) + 1;
                            x = varint8(w, vb);
                            q += vb;
                        } else {
                            x = varintSlow(p, q);
                            q = pos;
                            if (bad) {
                                unknownRecords++;
                                break records;
                            }
                        }
                    }
                    a[i] = x;
                }
                int signed = info >>> 4 & SIGNED_MASK;
                if (signed == 1) {
                    long z = a[0]; // the usual signed type: a status first, nothing else signed
                    a[0] = (z >>> 1) ^ -(z & 1);
                } else if (signed != 0) {
                    zigzag(a, signed);
                }
                if (q > len) {
                    unknownRecords++;
                    break;
                }
                v.onEvent(source, s, type, tsc, r, a, n);
                if (type == LOST_TYPE) {
                    lostInRing += a[0];
                }
            } else if (n == BLOB) {
                long bl = varintSlow(p, q);
                q = pos;
                if (bad || q > len || bl > EventType.BLOB_MAX || bl > len - q) {
                    unknownRecords++;
                    break;
                }
                int blen = (int) bl;
                v.onBlob(source, s, type, tsc, r, p, q, blen);
                q += blen;
            } else {
                unknownRecords++;
                break;
            }
            s++;
        }
        events = n0 + (s - seq);
        // a repeated or older frame does not move the expected seq back (FORMAT.md §4)
        if (restart || Long.compareUnsigned(s, nextSeq[source]) > 0) {
            nextSeq[source] = s;
        }
        seen[source] = true;
    }
}
