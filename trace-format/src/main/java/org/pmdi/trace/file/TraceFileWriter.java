package org.pmdi.trace.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.codec.Cobs;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.FrameDecoder;
import org.pmdi.trace.codec.FrameKind;
import org.pmdi.trace.codec.Frames;
import org.pmdi.trace.codec.StreamDecoder;

/**
 * Records a trace stream to a saved-trace file (FORMAT.md §7): append-only and crash-safe.
 *
 * <pre>{@code
 * try (TraceFileWriter w = TraceFileWriter.create(path)) {
 *     w.write(bytesFromPort, 0, n);     // raw stream bytes, any chunking: good frames are kept
 *     w.flush();                        // whole frames handed to the OS (do it periodically)
 * }                                     // close appends the INDEX frames and the TRAILER
 * }</pre>
 *
 * The input is re-framed: corrupt frames, frames of unknown kinds and input INDEX/TRAILER
 * frames are dropped (and counted in {@link #stats()}); every other frame is written whole,
 * so after a kill the file holds every frame up to the last flush (a frame cut by the kill
 * reads as one corrupt frame). The file starts with 0x00. Single writer: not thread-safe.
 */
public final class TraceFileWriter implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final FileChannel ch;
    private final FrameDecoder frames;
    private final StreamDecoder stream;
    private final IndexBuilder index = new IndexBuilder();
    private final byte[] buf = new byte[BUFFER];
    private final byte[] crcd = new byte[FrameKind.WIRE_MAX + 4];
    private int bufLen;
    private long written;
    private boolean closed;

    private TraceFileWriter(FileChannel ch) {
        this.ch = ch;
        this.stream = StreamDecoder.create(index);
        this.frames = FrameDecoder.create(this::onFrame);
    }

    /** Creates (or truncates) {@code path} and writes the stream's leading 0x00. */
    public static TraceFileWriter create(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        TraceFileWriter w = new TraceFileWriter(ch);
        w.buf[w.bufLen++] = 0;
        return w;
    }

    /** Appends raw stream bytes {@code b[off, off+len)}. */
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        frames.push(b, off, len);
        if (pendingError != null) {
            IOException e = pendingError;
            pendingError = null;
            throw e;
        }
    }

    /**
     * Appends a GAP frame: the input was lost between the two wall-clock times. A partial
     * input frame before it is counted as corrupt and dropped.
     */
    public void writeGap(GapMark gap) throws IOException {
        ensureOpen();
        frames.finish();
        byte[] f = Frames.gap(gap.reason(), gap.startUnixNs(), gap.endUnixNs());
        write(f, 0, f.length);
    }

    /** An OutputStream view: bytes written to it go to {@link #write(byte[], int, int)}. */
    public OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                TraceFileWriter.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                TraceFileWriter.this.write(b, off, len);
            }
        };
    }

    private IOException pendingError;

    private void onFrame(int kind, byte[] payload, int len, long inOffset) {
        if (kind == FrameKind.INDEX || kind == FrameKind.TRAILER) {
            return;
        }
        long fileOffset = written + bufLen;
        System.arraycopy(payload, 0, crcd, 0, len);
        int n = Frames.seal(crcd, len, wireScratch, 0);
        try {
            append(wireScratch, n);
        } catch (IOException e) {
            pendingError = e;
            return;
        }
        stream.frame(kind, payload, len, fileOffset);
    }

    private final byte[] wireScratch = new byte[Cobs.maxEncodedLength(FrameKind.WIRE_MAX)];

    private void append(byte[] wire, int n) throws IOException {
        if (bufLen + n > buf.length) {
            drain();
        }
        System.arraycopy(wire, 0, buf, bufLen, n);
        bufLen += n;
    }

    private void drain() throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, bufLen);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
        written += bufLen;
        bufLen = 0;
    }

    /** Hands every whole frame so far to the operating system. */
    public void flush() throws IOException {
        ensureOpen();
        drain();
    }

    /** {@link #flush()} then forces the file's content to the device. */
    public void sync() throws IOException {
        flush();
        ch.force(false);
    }

    /** Counters of the frames recorded (frames, corrupt, unknown, events, losses). */
    public DecodeStats stats() {
        DecodeStats s = stream.stats();
        return new DecodeStats(s.frames(), frames.corrupt(), frames.unknown() + s.unknown(), s.events(),
                s.lostInRing(), s.lostInTransport(), s.badHeaders(), s.headers(), s.unknownVersionHeaders(),
                s.unknownVersion());
    }

    /** Bytes in the file so far, buffered ones included. */
    public long size() {
        return written + bufLen;
    }

    /**
     * Ends the input (a partial last frame counts as corrupt and is dropped), appends the
     * index and trailer, and closes the file. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            frames.finish();
            long indexOffset = written + bufLen;
            TraceIndex ix = index.build(indexOffset);
            List<byte[]> chunks = Frames.indexFrames(IndexCodec.encode(ix));
            for (byte[] f : chunks) {
                append(f, f.length);
            }
            byte[] t = Frames.trailer(indexOffset, chunks.size());
            append(t, t.length);
            drain();
            ch.force(false);
        } finally {
            ch.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("writer is closed");
        }
    }
}
