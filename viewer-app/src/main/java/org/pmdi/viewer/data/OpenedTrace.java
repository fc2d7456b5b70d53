package org.pmdi.viewer.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.clock.ClockMapper;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.trace.file.BucketSummary;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.trace.file.TraceIndex;

/**
 * A saved trace opened for viewing: the mapped file, its header, its index (per-time-bucket
 * summaries), and decoding of any time window on demand.
 *
 * <pre>{@code
 * try (OpenedTrace t = OpenedTrace.open(path)) {
 *     long end = t.durationNs();
 *     EventColumns w = t.window(0, 10_000_000, 1 << 20);   // events of the first 10 ms
 * }
 * }</pre>
 *
 * Opening reads only the trailer's index and the first megabyte (for the header and the
 * first clock syncs), so it costs the same for any file size. Windows may be decoded on
 * several threads at once.
 */
public final class OpenedTrace implements Closeable {
    private static final int PROBE = 1 << 20;
    private final Path path;
    private final MappedTraceReader reader;
    private final SessionHeader header;
    private final ClockStart clockStart;

    private OpenedTrace(Path path, MappedTraceReader reader, SessionHeader header, ClockStart clockStart) {
        this.path = path;
        this.reader = reader;
        this.header = header;
        this.clockStart = clockStart;
    }

    /** Opens {@code path} (an index is rebuilt by one scan when the file has no trailer). */
    public static OpenedTrace open(Path path) throws IOException {
        MappedTraceReader r = MappedTraceReader.open(path);
        try {
            TraceIndex ix = r.index();
            // a file without one valid frame would open as an empty timeline: say why instead
            DecodeStats scan = r.scanStats();
            String noTrace = scan == null ? null : scan.noTrace(r.size());
            if (noTrace != null) {
                throw new IOException(path + ": " + noTrace);
            }
            // learn the first clock syncs, so that a window decoded mid-file maps Linux events
            List<long[]> syncs = new ArrayList<>();
            TraceVisitor probe = new TraceVisitor() {
                @Override
                public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                    if (type == EventType.CLOCK_SYNC.id()) {
                        syncs.add(new long[] {source, args[0], args[1]});
                    }
                }

                @Override
                public void onBlob(int source, long seq, int type, long tsc, long req, byte[] b, int off, int len) {
                }
            };
            decode(r, 0, Math.min(PROBE, ix.dataEnd()), probe);
            return new OpenedTrace(path, r, r.header(), new ClockStart(ix.originTsc(), r.header(),
                    List.copyOf(syncs)));
        } catch (RuntimeException | IOException e) {
            r.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The first session header, or null when the file has none. */
    public SessionHeader header() {
        return header;
    }

    public TraceIndex index() {
        return reader.index();
    }

    public long sizeBytes() {
        return reader.size();
    }

    /** Buckets of the index. */
    public List<BucketSummary> buckets() {
        return reader.index().buckets();
    }

    /** Time covered by the index, ns. */
    public long durationNs() {
        return (long) index().bucketCount() * index().bucketNs();
    }

    /** Events counted by the index, over the whole file. */
    public long totalEvents() {
        long n = 0;
        for (BucketSummary b : buckets()) {
            n += b.events();
        }
        return n;
    }

    /** Records lost (LOST and seq gaps) over the whole file, from the index. */
    public long totalLost() {
        long n = 0;
        for (BucketSummary b : buckets()) {
            n += b.lost();
        }
        return n;
    }

    /** Corrupt frames found when the index had to be rebuilt by a scan (0 with a trailer). */
    public long corruptFrames() {
        return reader.scanStats() == null ? 0 : reader.scanStats().corrupt();
    }

    /**
     * Runs trace-analysis over the whole file (its listeners on the calling thread; a large
     * file is decoded on a second one). IOException naming the file if it cannot be read.
     */
    public AnalysisResult analyze(AnalysisRunner runner) throws IOException {
        return runner.analyzeFile(path);
    }

    /** Estimated events in {@code [fromNs, toNs)}, from the bucket summaries. */
    public long estimateEvents(long fromNs, long toNs) {
        TraceIndex ix = index();
        if (ix.bucketCount() == 0) {
            return 0;
        }
        int b0 = Math.max(0, ix.bucketAt(fromNs));
        int b1 = Math.max(0, ix.bucketAt(toNs));
        long n = 0;
        for (int b = b0; b <= b1; b++) {
            n += ix.bucket(b).events();
        }
        return n;
    }

    /**
     * Decodes the events in {@code [fromNs, toNs)}, keeping at most {@code maxEvents} (the
     * rest are skipped; see {@link Window#truncated()}).
     */
    public Window window(long fromNs, long toNs, int maxEvents) {
        TraceIndex ix = index();
        if (ix.bucketCount() == 0) {
            return new Window(fromNs, toNs, EventColumns.empty(), false, 0);
        }
        // start one bucket early: frames of sparse sources may begin before their bucket
        long startOff = ix.offsetForTime(Math.max(0, fromNs - ix.bucketNs()));
        int lastBucket = ix.bucketAt(toNs);
        long endOff = lastBucket + 2 < ix.bucketCount() ? ix.bucket(lastBucket + 2).offset() : ix.dataEnd();
        endOff = Math.min(ix.dataEnd(), Math.max(endOff, startOff));
        ColumnsVisitor v = new ColumnsVisitor(clockStart.mapper(), fromNs, toNs, maxEvents);
        decode(reader, startOff, endOff, v);
        return new Window(fromNs, toNs, v.build(), v.truncated(), v.lost());
    }

    private static void decode(MappedTraceReader r, long from, long to, TraceVisitor v) {
        StreamDecoder d = StreamDecoder.create(v);
        d.frameDecoder().position(from);
        byte[] chunk = new byte[1 << 16];
        // a frame boundary is a 0x00: start decoding at the first delimiter at or after from
        for (long o = from; o < to; ) {
            int n = (int) Math.min(chunk.length, to - o);
            r.copy(o, chunk, n);
            d.push(chunk, 0, n);
            o += n;
        }
        d.finish();
    }

    /**
     * Decoded events of one time window.
     *
     * @param truncated true when more than the requested maximum were there
     * @param lost      records lost inside the window (LOST records and seq gaps)
     */
    public record Window(long fromNs, long toNs, EventColumns events, boolean truncated, long lost) {
    }

    /**
     * What a decode that starts mid-file must know of the clocks: the index's origin, the first
     * header and the clock syncs of the file's first megabyte.
     *
     * @param syncs (source, offset, uncertainty) in file order
     */
    private record ClockStart(long originTsc, SessionHeader header, List<long[]> syncs) {
        /** A fresh mapper in that state (each decode gets its own: a mapper has one writer). */
        ClockMapper mapper() {
            ClockMapper m = ClockMapper.create();
            m.fixOrigin(originTsc);
            if (header != null) {
                m.onHeader(header);
            }
            for (long[] s : syncs) {
                ColumnsVisitor.clockSync(m, (int) s[0], new long[] {s[1], s[2]});
            }
            return m;
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
