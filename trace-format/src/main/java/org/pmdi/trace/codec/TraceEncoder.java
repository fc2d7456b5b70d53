package org.pmdi.trace.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.pmdi.trace.EventType;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;

/**
 * Writes a trace stream: the leading delimiter, HEADER frames, EVENTS frames packed like
 * the C drain (one open frame per source, sealed when the next event does not fit, its TSC
 * goes backwards, or its seq does not follow), GAP frames.
 *
 * <pre>{@code
 * TraceEncoder enc = TraceEncoder.create(out);      // writes the stream's first 0x00
 * enc.header(h);
 * enc.event(source, EventType.DRV_BEGIN.id(), tsc, req, dev);     // seq numbered per source
 * enc.event(traceEvent);                                          // uses the event's seq
 * enc.flush();                                                    // seals open frames
 * }</pre>
 *
 * A new frame's base TSC is its first event's TSC. Not thread-safe.
 */
public final class TraceEncoder {
    private final OutputStream out;
    private final EventsFrameBuilder[] builders = new EventsFrameBuilder[256];
    private final boolean[] active = new boolean[256];
    private final long[] nextSeq = new long[256];
    private final byte[] wire = new byte[FrameKind.WIRE_MAX];
    private long frames;
    private int tscShift;

    private TraceEncoder(OutputStream out) {
        this.out = out;
    }

    /** An encoder writing to {@code out} (not null); writes the leading 0x00 now. */
    public static TraceEncoder create(OutputStream out) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        out.write(0);
        return new TraceEncoder(out);
    }

    /**
     * A whole stream in memory: {@code header}, then {@code events} (with their own seqs),
     * every frame sealed. For tests and tools that build small traces.
     */
    public static byte[] encode(SessionHeader header, Iterable<TraceEvent> events) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            TraceEncoder enc = create(o);
            enc.header(header);
            for (TraceEvent e : events) {
                enc.event(e);
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return o.toByteArray();
    }

    /**
     * Timestamp resolution of frames started from now on: units of 2^{@code shift} cycles
     * (0..16; 0, the default, keeps them exact).
     */
    public TraceEncoder tscShift(int shift) {
        if (shift < 0 || shift > StreamDecoder.MAX_TSC_SHIFT) {
            throw new IllegalArgumentException("shift must be 0..16, was " + shift);
        }
        tscShift = shift;
        return this;
    }

    /** Writes the header's HEADER frames (its session id in each). */
    public void header(SessionHeader h) throws IOException {
        for (byte[] f : Frames.headerFrames(h.sessionId(), HeaderCodec.encode(h))) {
            out.write(f);
            frames++;
        }
    }

    /** Seals all open frames, then writes a GAP frame. */
    public void gap(GapMark g) throws IOException {
        flush();
        out.write(Frames.gap(g.reason(), g.startUnixNs(), g.endUnixNs()));
        frames++;
    }

    /** Writes an already sealed frame (after sealing the open ones). */
    public void rawFrame(byte[] wireFrame) throws IOException {
        flush();
        out.write(wireFrame);
        frames++;
    }

    /** Appends a fixed-type event with the source's next seq. */
    public void event(int source, int type, long tsc, long req, long... args) throws IOException {
        int n = EventType.argCountOf(type);
        if (n < 0 || args.length != n) {
            throw new IllegalArgumentException("type " + type + " needs " + n + " args, got " + args.length);
        }
        long seq = nextSeq[source & 0xff];
        EventsFrameBuilder fb = builderFor(source, seq, tsc);
        if (fb.add(type, tsc, req, args, n) != EventsFrameBuilder.OK) {
            sealOpen(source);
            fb = builderFor(source, seq, tsc);
            fb.add(type, tsc, req, args, n);
        }
        nextSeq[source] = seq + 1;
    }

    /** Appends a blob-type event (blob at most 192 bytes) with the source's next seq. */
    public void blob(int source, int type, long tsc, long req, byte[] blob) throws IOException {
        if (type <= EventType.FIXED_MAX || blob.length > EventType.BLOB_MAX) {
            throw new IllegalArgumentException("type must be a blob type and blob at most 192 bytes");
        }
        long seq = nextSeq[source & 0xff];
        EventsFrameBuilder fb = builderFor(source, seq, tsc);
        if (fb.addBlob(type, tsc, req, blob, 0, blob.length) != EventsFrameBuilder.OK) {
            sealOpen(source);
            fb = builderFor(source, seq, tsc);
            fb.addBlob(type, tsc, req, blob, 0, blob.length);
        }
        nextSeq[source] = seq + 1;
    }

    /** Appends {@code e} with its own seq: a seq that does not follow starts a new frame. */
    public void event(TraceEvent e) throws IOException {
        int s = e.source();
        if (active[s] && nextSeq[s] != e.seq()) {
            sealOpen(s);
        }
        nextSeq[s] = e.seq();
        if (e.isBlob()) {
            blob(s, e.type(), e.tsc(), e.req(), e.blob());
        } else {
            event(s, e.type(), e.tsc(), e.req(), e.args());
        }
    }

    /** Skips {@code n} seq numbers of {@code source}, as a transport loss would. */
    public void skipSeq(int source, long n) throws IOException {
        sealOpen(source);
        nextSeq[source] += n;
    }

    /** Seals and writes every open frame. */
    public void flush() throws IOException {
        for (int s = 0; s < 256; s++) {
            sealOpen(s);
        }
        out.flush();
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    private EventsFrameBuilder builderFor(int source, long seq, long tsc) {
        if (source < 0 || source > 255) {
            throw new IllegalArgumentException("source must be 0..255, was " + source);
        }
        EventsFrameBuilder fb = builders[source];
        if (fb == null) {
            fb = EventsFrameBuilder.create();
            builders[source] = fb;
        }
        if (!active[source]) {
            fb.start(source, seq, tsc, tscShift);
            active[source] = true;
        }
        return fb;
    }

    private void sealOpen(int source) throws IOException {
        if (!active[source]) {
            return;
        }
        active[source] = false;
        EventsFrameBuilder fb = builders[source];
        if (fb.recordCount() > 0) {
            out.write(wire, 0, fb.seal(wire, 0));
            frames++;
        }
    }
}
