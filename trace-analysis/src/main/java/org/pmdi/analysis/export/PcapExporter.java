package org.pmdi.analysis.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Layout;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.NetFrame;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * Writes the NICs' frames (NET_FRAME records) as a classic pcap file that Wireshark and
 * {@code tshark} open: LINKTYPE_ETHERNET, nanosecond timestamps (magic 0xa1b23c4d), snaplen
 * 184 (the most a NET_FRAME carries); per frame caplen = the bytes captured, len = the
 * frame's length.
 *
 * <pre>{@code
 * PcapExporter pcap = PcapExporter.create(out, TimeRange.ALL, analyzer.clock()::eventNs);
 * StreamDecoder.create(PcapExporter.tee(analyzer, pcap)).push(bytes, 0, n);
 * pcap.close();   // sorts the frames by time and writes the file
 * }</pre>
 *
 * Which frames: every well-formed NET_FRAME of every NIC and direction: frames a SEND sent
 * (tx), frames copied into an AP receive buffer (rx), and frames dropped for want of a
 * buffer (rx dropped): they were on the wire, and a capture on it would have seen them too.
 * Malformed blobs are skipped and counted.
 *
 * <p>Time: absolute, {@code start_real_ns} of the record's session plus the Linux TSC since
 * its {@code start_tsc} at {@code tsc_khz_linux} (FORMAT.md §6); the range is judged on the
 * AP timeline like every export. Frames before any session header have no time and are
 * skipped, counted. The frames are held (about 200 bytes each) and sorted by time at
 * {@link #close()}: records of different CPUs' rings arrive interleaved. Single writer.
 */
public final class PcapExporter implements TraceVisitor, AutoCloseable {
    /** pcap magic of nanosecond-resolution files. */
    static final int MAGIC_NS = 0xa1b23c4d;
    static final int LINKTYPE_ETHERNET = 1;
    static final int SNAPLEN = Layout.NET_FRAME_SNAP_MAX;
    private static final int NET_FRAME = EventType.NET_FRAME.id();

    /** Maps a record's (source, TSC) to ns on the AP timeline, e.g. a ClockMapper's eventNs. */
    @FunctionalInterface
    public interface Timeline {
        long ns(int source, long tsc);
    }

    private record Captured(long realNs, long order, long length, byte[] data) {
    }

    private final OutputStream out;
    private final TimeRange range;
    private final Timeline timeline;
    private final List<Captured> frames = new ArrayList<>();
    private boolean haveHeader;
    private long startRealNs;
    private long startTsc;
    private long khzLinux;
    private long malformed;
    private long withoutHeader;
    private boolean closed;

    private PcapExporter(OutputStream out, TimeRange range, Timeline timeline) {
        this.out = out;
        this.range = range;
        this.timeline = timeline;
    }

    /** An exporter writing to {@code out} (not null, not closed by it) the frames in {@code range}. */
    public static PcapExporter create(OutputStream out, TimeRange range, Timeline timeline) {
        if (out == null || range == null || timeline == null) {
            throw new IllegalArgumentException("out, range and timeline must not be null");
        }
        return new PcapExporter(out, range, timeline);
    }

    /** A visitor giving every callback to {@code first}, then the records to {@code pcap}. */
    public static TraceVisitor tee(TraceVisitor first, PcapExporter pcap) {
        return new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                first.onEvent(source, seq, type, tsc, req, args, nargs);
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                first.onBlob(source, seq, type, tsc, req, buf, off, len);
                pcap.onBlob(source, seq, type, tsc, req, buf, off, len);
            }

            @Override
            public void onHeader(SessionHeader h) {
                first.onHeader(h);
                pcap.onHeader(h);
            }

            @Override
            public void onGap(org.pmdi.trace.GapMark gap) {
                first.onGap(gap);
            }

            @Override
            public void onEventsFrame(int source, long seq, long offset) {
                first.onEventsFrame(source, seq, offset);
            }

            @Override
            public void onTransportLoss(int source, long expectedSeq, long seq) {
                first.onTransportLoss(source, expectedSeq, seq);
            }

            @Override
            public void onBadFrame(boolean unknownKind, long offset) {
                first.onBadFrame(unknownKind, offset);
            }

            @Override
            public void onDuplicateFrame(int source, long seq, long offset) {
                first.onDuplicateFrame(source, seq, offset);
            }

            @Override
            public void onBadHeader(String message) {
                first.onBadHeader(message);
            }
        };
    }

    @Override
    public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
        // only blobs carry frames
    }

    @Override
    public void onHeader(SessionHeader h) {
        haveHeader = true;
        startRealNs = h.startRealNs();
        startTsc = h.startTsc();
        khzLinux = h.tscKhzLinux();
    }

    @Override
    public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        if (type != NET_FRAME) {
            return;
        }
        if (!NetFrame.isWellFormed(buf, off, len)) {
            malformed++;
            return;
        }
        if (!haveHeader || khzLinux == 0) {
            withoutHeader++;
            return;
        }
        if (!range.contains(timeline.ns(source, tsc))) {
            return;
        }
        long cycles = tsc - startTsc;
        long sinceStart = cycles / khzLinux * 1_000_000L + cycles % khzLinux * 1_000_000L / khzLinux;
        frames.add(new Captured(startRealNs + sinceStart, frames.size(), LittleEndian.u32(buf, off + Layout.NET_FRAME_LEN),
                java.util.Arrays.copyOfRange(buf, off + Layout.NET_FRAME_DATA, off + len)));
    }

    /** Frames kept so far. */
    public int frames() {
        return frames.size();
    }

    /** NET_FRAME records skipped as malformed. */
    public long malformed() {
        return malformed;
    }

    /** NET_FRAME records skipped because no session header came before them. */
    public long withoutHeader() {
        return withoutHeader;
    }

    /** Writes the file: the global header, then the frames in time order. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        frames.sort(Comparator.comparingLong(Captured::realNs).thenComparingLong(Captured::order));
        byte[] h = new byte[24];
        LittleEndian.put32(h, 0, MAGIC_NS);
        LittleEndian.put16(h, 4, 2);
        LittleEndian.put16(h, 6, 4);
        LittleEndian.put32(h, 16, SNAPLEN);
        LittleEndian.put32(h, 20, LINKTYPE_ETHERNET);
        out.write(h);
        byte[] r = new byte[16];
        for (Captured c : frames) {
            long sec = Math.floorDiv(c.realNs(), 1_000_000_000L);
            LittleEndian.put32(r, 0, (int) sec);
            LittleEndian.put32(r, 4, (int) Math.floorMod(c.realNs(), 1_000_000_000L));
            LittleEndian.put32(r, 8, c.data().length);
            LittleEndian.put32(r, 12, (int) c.length());
            out.write(r);
            out.write(c.data());
        }
        out.flush();
    }
}
