package org.pmdi.bridge.record;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * Records a live stream into a saved-trace file while it streams: append-only and
 * crash-safe, with a bounded flush delay.
 *
 * <pre>{@code
 * try (Recorder r = Recorder.create(Path.of("run.pmdt"), Duration.ofMillis(50))) {
 *     r.write(bytes, 0, n, System.nanoTime());   // raw stream bytes, any chunking
 *     r.idle(System.nanoTime());                 // call when no input came: flushes if due
 *     r.gap(GapMark.of(GapReason.PORT_CLOSED.code(), t0, t1));
 * }                                              // close: index and trailer appended
 * }</pre>
 *
 * Only whole, good frames reach the file ({@link TraceFileWriter} re-frames the input), and
 * they are handed to the operating system at most {@code flushInterval} (0..10 s) after they
 * arrived. So after a kill -9 the file holds every frame up to the last flush, and
 * {@code MappedTraceReader} rebuilds the missing index. A gap is flushed at once. Used by one
 * thread (the bridge's reader); {@link #size()} and {@link #stats()} snapshots come from it too.
 */
public final class Recorder implements Closeable {
    private static final long MAX_INTERVAL_NS = 10_000_000_000L;

    private final TraceFileWriter writer;
    private final Path path;
    private final long intervalNs;
    private long lastFlushNs;
    private boolean dirty;

    private Recorder(TraceFileWriter writer, Path path, long intervalNs) {
        this.writer = writer;
        this.path = path;
        this.intervalNs = intervalNs;
        this.lastFlushNs = System.nanoTime();
    }

    /** Creates (or truncates) {@code path} (not null); flushes at least every {@code flushInterval}. */
    public static Recorder create(Path path, Duration flushInterval) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.toNanos() > MAX_INTERVAL_NS) {
            throw new IllegalArgumentException("flushInterval must be 0..10 s, was " + flushInterval);
        }
        TraceFileWriter w = TraceFileWriter.create(path);
        Recorder r = new Recorder(w, path, flushInterval.toNanos());
        w.flush();
        return r;
    }

    public Path path() {
        return path;
    }

    /** Appends raw stream bytes {@code b[off, off+len)} received at {@code nowNs} (System.nanoTime). */
    public void write(byte[] b, int off, int len, long nowNs) throws IOException {
        writer.write(b, off, len);
        dirty = true;
        flushIfDue(nowNs);
    }

    /** No input arrived: flushes if the interval has passed since the last flush. */
    public void idle(long nowNs) throws IOException {
        flushIfDue(nowNs);
    }

    private void flushIfDue(long nowNs) throws IOException {
        if (dirty && nowNs - lastFlushNs >= intervalNs) {
            flush(nowNs);
        }
    }

    /** Hands every whole frame so far to the operating system now. */
    public void flushNow(long nowNs) throws IOException {
        flush(nowNs);
    }

    private void flush(long nowNs) throws IOException {
        writer.flush();
        dirty = false;
        lastFlushNs = nowNs;
    }

    /** Appends a GAP frame (a partial frame before it is dropped) and flushes. */
    public void gap(GapMark gap) throws IOException {
        if (gap == null) {
            throw new IllegalArgumentException("gap must not be null");
        }
        writer.writeGap(gap);
        flush(System.nanoTime());
    }

    /** Bytes in the file, buffered ones included. */
    public long size() {
        return writer.size();
    }

    /** What was recorded: frames, corrupt frames dropped, events, losses. */
    public DecodeStats stats() {
        return writer.stats();
    }

    /** Appends the index and trailer and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        writer.close();
    }
}
