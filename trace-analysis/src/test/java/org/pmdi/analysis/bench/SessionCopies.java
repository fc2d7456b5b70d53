package org.pmdi.analysis.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Layout;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.EventsFrameBuilder;
import org.pmdi.trace.codec.FrameDecoder;
import org.pmdi.trace.codec.FrameKind;
import org.pmdi.trace.codec.FrameSink;
import org.pmdi.trace.codec.Frames;
import org.pmdi.trace.codec.HeaderAssembler;
import org.pmdi.trace.codec.HeaderCodec;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceFormatException;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.trace.codec.Varint;

/**
 * Copies of recorded traces rewritten as new sessions that continue in time, as if the module
 * had been reloaded between them ({@code rmmod; insmod}: a new session id, the TSC keeps
 * running). Concatenated, they make one long trace that the analysis sees as a realistic run
 * of consecutive sessions rather than one session whose time jumps backwards.
 *
 * <pre>{@code
 * SessionCopies c = SessionCopies.of(List.of(Files.readAllBytes(a), Files.readAllBytes(b)));
 * try (TraceFileWriter w = TraceFileWriter.create(out)) {
 *     for (int k = 0; k < copies; k++) {
 *         for (int i = 0; i < c.inputs(); i++) {
 *             byte[] s = c.copy(k, i);       // a stream: 0x00 then whole frames
 *             w.write(s, 0, s.length);
 *         }
 *     }
 * }
 * long d = c.shift(1, 0);                    // TSC shift of copy 1 of input 0 (= c.period())
 * }</pre>
 *
 * <p>The sessions are laid out in the order above: slot {@code j = k * inputs() + i} is copy
 * {@code k} of input {@code i}. Each slot gets a TSC shift so that it starts one second of TSC
 * (at the largest {@code tsc_khz_ap} of the inputs' headers; 10^9 cycles without one) after the
 * previous slot ends: {@code shift(k, i) = k * period() + shift(0, i)}, with {@code shift(0, 0) = 0}
 * and, for a single input, {@code period()} = its TSC span + 1 s. A trace's extent is taken
 * over every absolute TSC it holds (events, INFLIGHT {@code since}, header {@code start_tsc})
 * and over its Linux events mapped onto the AP clock with the latest CLOCK_SYNC (FORMAT.md
 * §5.3), so the slots do not overlap on either clock. Every session id {@code s} of slot
 * {@code j} becomes {@code (s + j * 0x9E3779B1) mod 2^32}: slot 0 keeps its ids, and all
 * other ids are distinct from each other and from every original id ({@link #maxSlots()}).
 *
 * <p>The rewrite, frame by frame (FORMAT.md §3–§8):
 * <ul>
 * <li>HEADER: chunks are collected as a decoder does; when a set completes, the header is
 * re-emitted there as a whole set of chunks ({@link Frames#headerFrames}) with the new session
 * id and {@code start_tsc + shift}; every other byte of the header blob is kept. Chunks that
 * never complete a header are dropped (a decoder ignores them too).</li>
 * <li>EVENTS: {@code base_tsc + shift}, INFLIGHT {@code since_tsc + shift}; records otherwise
 * byte-identical (deltas, and CLOCK_SYNC offsets, do not change when every source shifts by the
 * same amount). A frame that no longer fits {@link FrameKind#PAYLOAD_MAX} because its
 * {@code base_tsc} varint grew (the samples' TSCs straddle 2^35, a 5 → 6 byte varint) is split
 * at a record boundary: the second frame starts at the next record's {@code seq} with the
 * previous record's reconstructed TSC as its base, and its first request-carrying record gets
 * its request id written against 0. Decoded events, seqs and TSCs (+ shift) are unchanged;
 * only the frame count grows.</li>
 * <li>GAP: byte-identical. INDEX and TRAILER: dropped (they describe the input file).</li>
 * </ul>
 * Corrupt input frames are dropped as a file writer drops them. An EVENTS frame that cannot be
 * fully decoded, a header that does not parse, or a TSC that would leave the u63 range throws
 * {@link IllegalStateException}: the copies are exact or not made. Immutable; thread-safe.
 */
public final class SessionCopies {
    /** Added to a session id once per slot (odd, so ids cycle only after 2^32 slots). */
    static final long ID_STEP = 0x9E3779B1L;
    private static final long U32 = 0xffffffffL;
    private static final int INFLIGHT = EventType.INFLIGHT.id();
    private static final int CLOCK_SYNC = EventType.CLOCK_SYNC.id();

    private final List<byte[]> inputs;
    private final long[] offsets;
    private final long period;
    private final long maxSlots;

    private SessionCopies(List<byte[]> inputs, long[] offsets, long period, long maxSlots) {
        this.inputs = inputs;
        this.offsets = offsets;
        this.period = period;
        this.maxSlots = maxSlots;
    }

    /**
     * Plans copies of {@code traces} (not null, not empty; each a trace stream or saved file
     * with at least one event). The arrays are kept, not copied: do not change them.
     */
    public static SessionCopies of(List<byte[]> traces) {
        if (traces == null || traces.isEmpty()) {
            throw new IllegalArgumentException("traces must not be null or empty");
        }
        int n = traces.size();
        long[] lo = new long[n];
        long[] hi = new long[n];
        long khz = 0;
        TreeSet<Long> ids = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            Extent e = Extent.of(traces.get(i));
            if (e.lo > e.hi) {
                throw new IllegalArgumentException("trace " + i + " holds no event");
            }
            lo[i] = e.lo;
            hi[i] = e.hi;
            khz = Math.max(khz, e.tscKhzAp);
            ids.addAll(e.sessionIds);
        }
        long margin = khz > 0 ? khz * 1000 : 1_000_000_000L;
        long[] offsets = new long[n];
        for (int i = 1; i < n; i++) {
            offsets[i] = Math.addExact(offsets[i - 1], Math.addExact(hi[i - 1] - lo[i], margin));
        }
        long period = Math.addExact(offsets[n - 1], Math.addExact(hi[n - 1] - lo[0], margin));
        return new SessionCopies(List.copyOf(traces), offsets, period, maxSlots(ids));
    }

    /**
     * Slots below this count get session ids distinct from each other and from the originals:
     * the smallest slot distance at which two original ids {@code a != b} would meet,
     * {@code (a - b) / ID_STEP mod 2^32} either way.
     */
    private static long maxSlots(TreeSet<Long> ids) {
        long inv = ID_STEP;
        for (int i = 0; i < 5; i++) {
            inv = inv * (2 - ID_STEP * inv) & U32;
        }
        long max = 1L << 32;
        for (long a : ids) {
            for (long b : ids) {
                if (a != b) {
                    long t = (a - b) * inv & U32;
                    max = Math.min(max, Math.min(t, (1L << 32) - t));
                }
            }
        }
        return max;
    }

    /** Number of input traces. */
    public int inputs() {
        return inputs.size();
    }

    /** TSC shift from one copy of an input to the next (cycles, > 0). */
    public long period() {
        return period;
    }

    /**
     * Slots ({@code copy * inputs() + input}) that can be made without a session id meeting
     * another ({@link #copy} throws past it); 2^32 for a single session id, about 1.98e9 for the
     * healthy and slow-disk samples.
     */
    public long maxSlots() {
        return maxSlots;
    }

    /** TSC shift of copy {@code copy} (0..) of input {@code input}; 0 for copy 0 of input 0. */
    public long shift(int copy, int input) {
        checkArgs(copy, input);
        return Math.addExact(Math.multiplyExact(copy, period), offsets[input]);
    }

    /** The session id that {@code originalId} (u32) gets in copy {@code copy} of input {@code input}. */
    public long sessionId(long originalId, int copy, int input) {
        return (originalId + slot(copy, input) * ID_STEP) & U32;
    }

    /**
     * Copy {@code copy} (0..) of input {@code input}: a stream (0x00, then frames) holding the
     * input's sessions with new ids and shifted TSCs.
     *
     * @throws IllegalStateException when the input cannot be rewritten exactly (see the class comment)
     */
    public byte[] copy(int copy, int input) {
        long slot = slot(copy, input);
        if (slot >= maxSlots) {
            throw new IllegalStateException("slot " + slot + " would reuse a session id (at most " + maxSlots
                    + " slots for these inputs)");
        }
        byte[] in = inputs.get(input);
        Rewriter r = new Rewriter(shift(copy, input), slot, in.length);
        FrameDecoder fd = FrameDecoder.create(r);
        fd.push(in, 0, in.length);
        fd.finish();
        return r.out.toByteArray();
    }

    private long slot(int copy, int input) {
        checkArgs(copy, input);
        return (long) copy * inputs.size() + input;
    }

    private void checkArgs(int copy, int input) {
        if (copy < 0) {
            throw new IllegalArgumentException("copy must be >= 0, was " + copy);
        }
        java.util.Objects.checkIndex(input, inputs.size());
    }

    /** Extent of one trace: lowest and highest absolute TSC (both clocks), its sessions and clock. */
    private static final class Extent implements TraceVisitor {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long tscKhzAp;
        final List<Long> sessionIds = new ArrayList<>();
        private final boolean[] linux = new boolean[256];
        private final boolean[] synced = new boolean[256];
        private final long[] offset = new long[256];
        private boolean anySynced;
        private long anyOffset;

        static Extent of(byte[] trace) {
            Extent e = new Extent();
            StreamDecoder d = StreamDecoder.create(e);
            d.push(trace, 0, trace.length);
            d.finish();
            return e;
        }

        private void add(long tsc) {
            lo = Math.min(lo, tsc);
            hi = Math.max(hi, tsc);
        }

        private void event(int source, long tsc) {
            add(tsc);
            if (linux[source] && (synced[source] || anySynced)) {
                add(tsc + (synced[source] ? offset[source] : anyOffset));
            }
        }

        @Override
        public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
            if (type == CLOCK_SYNC && nargs > 0) {
                synced[source] = true;
                offset[source] = args[0];
                anySynced = true;
                anyOffset = args[0];
            }
            event(source, tsc);
        }

        @Override
        public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            event(source, tsc);
            if (type == INFLIGHT) {
                for (int e = 0; e + Layout.INFLIGHT_SIZE <= len; e += Layout.INFLIGHT_SIZE) {
                    add(LittleEndian.u64(buf, off + e + Layout.INFLIGHT_SINCE_TSC));
                }
            }
        }

        @Override
        public void onHeader(SessionHeader h) {
            if (!sessionIds.contains(h.sessionId())) {
                sessionIds.add(h.sessionId());
            }
            add(h.startTsc());
            tscKhzAp = Math.max(tscKhzAp, h.tscKhzAp());
            for (Source s : h.sources()) {
                linux[s.source()] = s.sideEnum() == Side.LINUX;
            }
        }
    }

    /** Rewrites the frames of one input into one copy. */
    private static final class Rewriter implements FrameSink {
        final ByteArrayOutputStream out;
        private final long shift;
        private final long slot;
        /** Payload being built, with room for the CRC. */
        private final byte[] frame = new byte[FrameKind.PAYLOAD_MAX + FrameKind.CRC_LEN];
        private final byte[] wire = new byte[FrameKind.WIRE_MAX];
        private final byte[] rec = new byte[FrameKind.WIRE_MAX];
        private int len;
        private int records;
        /** Request id the decoder of the frame being built holds as "previous". */
        private long outReq;
        private final HeaderAssembler headerChunks = HeaderAssembler.create();

        Rewriter(long shift, long slot, int inputLength) {
            this.shift = shift;
            this.slot = slot;
            this.out = new ByteArrayOutputStream(inputLength + inputLength / 16 + 1024);
            out.write(0);
        }

        @Override
        public void onFrame(int kind, byte[] p, int n, long offset) {
            switch (kind) {
                case FrameKind.EVENTS -> events(p, n, offset);
                case FrameKind.HEADER -> header(p, n, offset);
                case FrameKind.GAP -> {
                    System.arraycopy(p, 0, frame, 0, n);
                    len = n;
                    seal();
                }
                default -> {
                    // INDEX, TRAILER: they describe the input file
                }
            }
        }

        private void seal() {
            int w = Frames.seal(frame, len, wire, 0);
            out.write(wire, 0, w);
        }

        private long shifted(long tsc, String what, long offset) {
            long t = tsc + shift;
            if (tsc < 0 || t < 0) {
                throw new IllegalStateException(what + " at input offset " + offset + ": TSC " + Long.toUnsignedString(tsc)
                        + " shifted by " + shift + " leaves the u63 range");
            }
            return t;
        }

        private void start(int source, long seq, long baseTsc, int tscShift) {
            len = EventsFrameBuilder.putHead(frame, source, seq, baseTsc, tscShift);
            records = 0;
            outReq = 0;
        }

        private int varint(byte[] p, int q, int end, long offset) {
            int l = Varint.length(p, q, end);
            if (l <= 0) {
                throw new IllegalStateException("EVENTS frame at input offset " + offset + ": malformed varint at byte " + q);
            }
            return l;
        }

        private void events(byte[] p, int n, long offset) {
            int q = 2;
            int source = p[1] & 0xff;
            int l = varint(p, q, n, offset);
            long seq = Varint.read(p, q, n);
            q += l;
            l = varint(p, q, n, offset);
            long tsc = Varint.read(p, q, n);
            q += l;
            if (q >= n || (p[q] & 0xff) > StreamDecoder.MAX_TSC_SHIFT) {
                throw new IllegalStateException("EVENTS frame at input offset " + offset + ": bad tsc_shift");
            }
            int tscShift = p[q++] & 0xff;
            start(source, seq, shifted(tsc, "EVENTS frame", offset), tscShift);
            long req = 0;
            long r = 0;
            while (q < n) {
                int rs = q;
                int head = p[q++] & 0xff;
                int type = head & FrameKind.TYPE_MASK;
                int nargs = EventType.argCountOf(type);
                if (nargs == -1) {
                    throw new IllegalStateException("EVENTS frame at input offset " + offset + ": record type " + type
                            + " is not in the v0 registry");
                }
                l = varint(p, q, n, offset);
                long dtsc = Varint.read(p, q, n);
                q += l;
                boolean hasReq = EventType.hasReqOf(type);
                long reqBefore = req;
                if (hasReq && (head & FrameKind.SAME_REQ) == 0) {
                    l = varint(p, q, n, offset);
                    req = (req + Varint.unzigzag(Varint.read(p, q, n))) & U32;
                    q += l;
                }
                int argsStart = q;
                int blob = -1;
                int blen = 0;
                if (nargs >= 0) {
                    for (int i = 0; i < nargs; i++) {
                        q += varint(p, q, n, offset);
                    }
                } else {
                    l = varint(p, q, n, offset);
                    long bl = Varint.read(p, q, n);
                    q += l;
                    if (bl > EventType.BLOB_MAX || bl > n - q) {
                        throw new IllegalStateException("EVENTS frame at input offset " + offset + ": bad blob length " + bl);
                    }
                    blob = q - argsStart;
                    blen = (int) bl;
                    q += blen;
                }
                if (q > n) {
                    throw new IllegalStateException("EVENTS frame at input offset " + offset + ": record past the end");
                }
                int rl = encode(p, rs, argsStart, q, type, dtsc, hasReq, reqBefore, req);
                if (len + rl > FrameKind.PAYLOAD_MAX) {
                    if (records == 0) {
                        throw new IllegalStateException("EVENTS frame at input offset " + offset + ": a record of "
                                + rl + " bytes does not fit a frame whose base_tsc is shifted by " + shift);
                    }
                    // the shifted base_tsc grew the frame: the rest goes into a frame of its own
                    seal();
                    start(source, seq + r, shifted(tsc, "EVENTS frame", offset), tscShift);
                    rl = encode(p, rs, argsStart, q, type, dtsc, hasReq, reqBefore, req);
                    if (len + rl > FrameKind.PAYLOAD_MAX) {
                        throw new IllegalStateException("EVENTS frame at input offset " + offset + ": record "
                                + r + " (" + rl + " bytes) does not fit an EVENTS frame (at most "
                                + FrameKind.PAYLOAD_MAX + " payload bytes)");
                    }
                }
                int at = len;
                System.arraycopy(rec, 0, frame, at, rl);
                len += rl;
                records++;
                if (hasReq) {
                    outReq = req;
                }
                if (type == INFLIGHT) {
                    int b = at + rl - (q - argsStart) + blob;
                    for (int e = 0; e + Layout.INFLIGHT_SIZE <= blen; e += Layout.INFLIGHT_SIZE) {
                        int o = b + e + Layout.INFLIGHT_SINCE_TSC;
                        LittleEndian.put64(frame, o, shifted(LittleEndian.u64(frame, o), "INFLIGHT since_tsc", offset));
                    }
                }
                tsc += dtsc << tscShift;
                r++;
            }
            seal();
        }

        /**
         * Encodes the record {@code p[rs, end)} for the frame being built into {@link #rec}:
         * byte-identical when the frame's "previous request id" is the input's, else with its
         * request id written against the frame's.
         */
        private int encode(byte[] p, int rs, int argsStart, int end, int type, long dtsc, boolean hasReq,
                long reqBefore, long req) {
            if (!hasReq || outReq == reqBefore) {
                System.arraycopy(p, rs, rec, 0, end - rs);
                return end - rs;
            }
            int k = 0;
            if (req == outReq) {
                rec[k++] = (byte) (type | FrameKind.SAME_REQ);
                k += Varint.put(rec, k, dtsc);
            } else {
                rec[k++] = (byte) type;
                k += Varint.put(rec, k, dtsc);
                k += Varint.put(rec, k, Varint.zigzag((int) (req - outReq)));
            }
            System.arraycopy(p, argsStart, rec, k, end - argsStart);
            return k + end - argsStart;
        }

        private void header(byte[] p, int n, long offset) {
            byte[] blob = headerChunks.add(p, n);
            if (blob == null) {
                return;
            }
            SessionHeader h;
            try {
                h = HeaderCodec.parse(blob);
            } catch (TraceFormatException e) {
                throw new IllegalStateException("header completed at input offset " + offset + ": " + e.getMessage(), e);
            }
            long id = (h.sessionId() + slot * ID_STEP) & U32;
            long start = shifted(h.startTsc(), "header start_tsc", offset);
            int v = sessionTlv(blob);
            if (v < 0) {
                throw new IllegalStateException("header completed at input offset " + offset + ": no SESSION TLV");
            }
            LittleEndian.put32(blob, v + Layout.HDR_SESSION_ID, (int) id);
            LittleEndian.put64(blob, v + Layout.HDR_SESSION_START_TSC, start);
            for (byte[] f : Frames.headerFrames(id, blob)) {
                out.write(f, 0, f.length);
            }
        }

        /** Offset of the SESSION TLV's value in a header blob that parsed, or -1. */
        private static int sessionTlv(byte[] blob) {
            int q = HeaderCodec.MAGIC_V0.length;
            while (q < blob.length) {
                int tag = blob[q++] & 0xff;
                int l = Varint.length(blob, q, blob.length);
                long n = Varint.read(blob, q, blob.length);
                q += l;
                if (tag == HeaderCodec.TAG_END) {
                    break;
                }
                if (tag == HeaderCodec.TAG_SESSION && n >= Layout.HDR_SESSION_SIZE) {
                    return q;
                }
                q += (int) n;
            }
            return -1;
        }
    }
}
