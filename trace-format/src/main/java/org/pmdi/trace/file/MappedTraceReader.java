package org.pmdi.trace.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.FormatVersion;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.Cobs;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.FrameDecoder;
import org.pmdi.trace.codec.FrameKind;
import org.pmdi.trace.codec.Frames;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceFormatException;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * Reads a saved trace through memory mappings (windows of at most 1 GiB, so files over
 * 2 GiB work), with its index.
 *
 * <pre>{@code
 * try (MappedTraceReader r = MappedTraceReader.open(path)) {
 *     TraceIndex ix = r.index();                    // from the trailer, or rebuilt by one scan
 *     SessionHeader h = r.header();                 // first header of the file, or null
 *     DecodeStats s = r.read(ix.offsetForTime(ns), visitor);
 * }
 * }</pre>
 *
 * A file without a valid trailer (a killed recorder) is scanned once on open and its index
 * rebuilt; a truncated last frame then counts as corrupt in {@link #scanStats()}. A file
 * whose headers are all of a format version this decoder does not read is refused on open
 * with an IOException naming the version (FORMAT.md §9). Reading
 * is thread-confined per call; the reader may be shared for reads on several threads.
 */
public final class MappedTraceReader implements Closeable {
    static final long WINDOW = 1L << 30;
    private static final int CHUNK = 1 << 16;

    private final FileChannel ch;
    private final long size;
    private final List<MappedByteBuffer> windows = new ArrayList<>();
    private final TraceIndex index;
    private final boolean fromTrailer;
    private final DecodeStats scanStats;
    private final SessionHeader header;

    private MappedTraceReader(FileChannel ch, long size, int windowShift) throws IOException {
        this.ch = ch;
        this.size = size;
        long window = 1L << windowShift;
        for (long off = 0; off < size; off += window) {
            windows.add(ch.map(FileChannel.MapMode.READ_ONLY, off, Math.min(window, size - off)));
        }
        this.windowShift = windowShift;
        TraceIndex ix = readTrailerIndex();
        DecodeStats headersSeen;
        if (ix != null) {
            index = ix;
            fromTrailer = true;
            scanStats = null;
            HeaderCatcher hc = new HeaderCatcher(null);
            headersSeen = findHeader(hc, ix.dataEnd());
            header = hc.first;
        } else {
            IndexBuilder b = new IndexBuilder();
            HeaderCatcher hc = new HeaderCatcher(b);
            scanStats = decode(0, size, hc);
            headersSeen = scanStats;
            index = b.build(size);
            fromTrailer = false;
            header = hc.first;
        }
        if (header == null && headersSeen.onlyUnknownVersions()) {
            throw new IOException(headersSeen.refusal());
        }
    }

    private final int windowShift;

    /**
     * Opens and maps {@code path}, reading or rebuilding its index; an IOException also when
     * it holds only headers of unknown format versions.
     */
    public static MappedTraceReader open(Path path) throws IOException {
        return open(path, 30);
    }

    /** As {@link #open(Path)} with mapping windows of 2^windowShift bytes (12..30; for tests). */
    static MappedTraceReader open(Path path, int windowShift) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (windowShift < 12 || windowShift > 30) {
            throw new IllegalArgumentException("windowShift must be 12..30, was " + windowShift);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new MappedTraceReader(ch, ch.size(), windowShift);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public TraceIndex index() {
        return index;
    }

    /** True when the index came from the file's trailer, false when it was rebuilt by a scan. */
    public boolean indexFromTrailer() {
        return fromTrailer;
    }

    /** Stats of the rebuild scan, or null when the trailer's index was used. */
    public DecodeStats scanStats() {
        return scanStats;
    }

    /** The first session header in the file, or null. */
    public SessionHeader header() {
        return header;
    }

    public long size() {
        return size;
    }

    /** Decodes every event of the file. */
    public DecodeStats read(TraceVisitor visitor) {
        return read(0, visitor);
    }

    /**
     * Decodes from file offset {@code from} (a frame start, e.g. a bucket's offset) to the end
     * of the events; per-source seq tracking starts fresh there.
     */
    public DecodeStats read(long from, TraceVisitor visitor) {
        if (from < 0 || from > size) {
            throw new IllegalArgumentException("from must be 0.." + size + ", was " + from);
        }
        return decode(from, index.dataEnd(), visitor);
    }

    /** Copies {@code len} bytes at file offset {@code off} into {@code dst[0..len)}. */
    public void copy(long off, byte[] dst, int len) {
        int done = 0;
        while (done < len) {
            long o = off + done;
            MappedByteBuffer w = windows.get((int) (o >>> windowShift));
            int wo = (int) (o & ((1L << windowShift) - 1));
            int n = Math.min(len - done, w.capacity() - wo);
            w.get(wo, dst, done, n);
            done += n;
        }
    }

    private DecodeStats decode(long from, long to, TraceVisitor visitor) {
        StreamDecoder d = StreamDecoder.create(visitor);
        d.frameDecoder().position(from);
        byte[] chunk = new byte[CHUNK];
        for (long o = from; o < to; ) {
            int n = (int) Math.min(CHUNK, to - o);
            copy(o, chunk, n);
            d.push(chunk, 0, n);
            o += n;
        }
        d.finish();
        return d.stats();
    }

    /** Decodes up to the first header (at most 16 MiB) into {@code hc}; the decoder's stats. */
    private DecodeStats findHeader(HeaderCatcher hc, long end) {
        StreamDecoder d = StreamDecoder.create(hc);
        byte[] chunk = new byte[4096];
        for (long o = 0; o < end && hc.first == null && o < (1 << 24); o += chunk.length) {
            int n = (int) Math.min(chunk.length, end - o);
            copy(o, chunk, n);
            d.push(chunk, 0, n);
        }
        return d.stats();
    }

    /** The trailer's index, or null when there is no valid trailer or index. */
    private TraceIndex readTrailerIndex() {
        if (size < 2) {
            return null;
        }
        int tail = (int) Math.min(size, FrameKind.WIRE_MAX + 1);
        byte[] t = new byte[tail];
        copy(size - tail, t, tail);
        if (t[tail - 1] != 0) {
            return null;
        }
        int prev = tail - 2;
        while (prev >= 0 && t[prev] != 0) {
            prev--;
        }
        if (prev < 0) {
            return null;
        }
        byte[] dec = new byte[tail];
        int n = Cobs.decode(t, prev + 1, tail - 1 - (prev + 1), dec, 0);
        if (n != 1 + 20 + FrameKind.CRC_LEN || (dec[0] & 0xff) != FrameKind.TRAILER
                || Frames.crc32c(dec, 0, n - 4) != LittleEndian.s32(dec, n - 4)) {
            return null;
        }
        if (!FormatVersion.isKnownMagic(dec, 13)) {
            return null;
        }
        long indexOffset = LittleEndian.u64(dec, 1);
        long chunks = LittleEndian.u32(dec, 9);
        long trailerStart = size - tail + prev + 1;
        if (indexOffset < 0 || indexOffset > trailerStart || chunks > (trailerStart - indexOffset)) {
            return null;
        }
        IndexChunks ic = new IndexChunks();
        FrameDecoder fd = FrameDecoder.create(ic);
        byte[] chunk = new byte[CHUNK];
        for (long o = indexOffset; o < trailerStart; ) {
            int k = (int) Math.min(CHUNK, trailerStart - o);
            copy(o, chunk, k);
            fd.push(chunk, 0, k);
            o += k;
        }
        fd.finish();
        if (ic.broken || ic.next != chunks || fd.corrupt() != 0) {
            return null;
        }
        try {
            return IndexCodec.parse(ic.blob.toByteArray(), indexOffset);
        } catch (TraceFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        windows.clear();
        ch.close();
    }

    /** Collects INDEX chunks in order. */
    private static final class IndexChunks implements org.pmdi.trace.codec.FrameSink {
        final java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
        long next;
        boolean broken;

        @Override
        public void onFrame(int kind, byte[] payload, int len, long offset) {
            if (kind != FrameKind.INDEX || len < 5 || LittleEndian.u32(payload, 1) != next) {
                broken = true;
                return;
            }
            blob.write(payload, 5, len - 5);
            next++;
        }
    }

    /** Remembers the first header, forwarding everything to a delegate (may be null). */
    private static final class HeaderCatcher implements TraceVisitor {
        private final TraceVisitor next;
        SessionHeader first;

        HeaderCatcher(TraceVisitor next) {
            this.next = next;
        }

        @Override
        public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
            if (next != null) {
                next.onEvent(source, seq, type, tsc, req, args, nargs);
            }
        }

        @Override
        public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            if (next != null) {
                next.onBlob(source, seq, type, tsc, req, buf, off, len);
            }
        }

        @Override
        public void onHeader(SessionHeader h) {
            if (first == null) {
                first = h;
            }
            if (next != null) {
                next.onHeader(h);
            }
        }

        @Override
        public void onEventsFrame(int source, long seq, long offset) {
            if (next != null) {
                next.onEventsFrame(source, seq, offset);
            }
        }

        @Override
        public void onTransportLoss(int source, long expectedSeq, long seq) {
            if (next != null) {
                next.onTransportLoss(source, expectedSeq, seq);
            }
        }
    }
}
