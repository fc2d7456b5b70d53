package org.pmdi.analysis;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.trace.file.IoWords;

/**
 * One sequential pass over a saved trace (or any stream file), with or without an index:
 * the file is mapped 256 MiB at a time and pushed through a {@link StreamDecoder} in 64 KiB
 * chunks, so the heap does not grow with the file. An analyzer's pass over a file of a MiB or
 * more, on a machine with a second core, runs on two threads ({@link #decodeOnTwoThreads}):
 * each pass ends the same either way. The file is read as long as it was when
 * opened; one cut short meanwhile gives an IOException. Every IOException's message names the
 * file and says what is wrong with it in plain words, ready for a command's error line.
 *
 * <pre>{@code
 * TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
 * DecodeStats st = TraceFiles.decode(path, a);
 * a.finish();
 * AnalysisSnapshot s = a.snapshot();
 * // or: AnalysisSnapshot s = TraceFiles.analyze(path, AnalysisConfig.defaults());
 * }</pre>
 */
public final class TraceFiles {
    private static final int CHUNK = 1 << 16;
    private static final long WINDOW = 1L << 28;
    /** An analysis of a file from this size up runs on two threads (below it a thread costs more). */
    static final long PIPELINE_MIN = 1L << 20;

    private TraceFiles() {
    }

    /**
     * Decodes every frame of {@code path} (not null) into {@code visitor} (not null). A trace
     * whose headers are all of a format version this decoder does not read ends in an
     * IOException naming the version (FORMAT.md §9), after the pass: its records cannot be
     * trusted to mean what this decoder thinks. So does a file without one valid frame (empty,
     * cut short before its first frame, or not a pmdi trace at all): a report of it would
     * show an empty, healthy trace.
     */
    public static DecodeStats decode(Path path, TraceVisitor visitor) throws IOException {
        checkArguments(path, visitor);
        boolean large = Files.isRegularFile(path) && Files.size(path) >= PIPELINE_MIN;
        if (visitor instanceof TraceAnalyzer a && large && Runtime.getRuntime().availableProcessors() > 1) {
            return checked(path, AnalysisPipeline.run(path, a));
        }
        return checked(path, read(path, StreamDecoder.create(visitor), CHUNK, null));
    }

    /** As {@link #decode}, all on this thread. */
    public static DecodeStats decodeOnOneThread(Path path, TraceVisitor visitor) throws IOException {
        checkArguments(path, visitor);
        return checked(path, read(path, StreamDecoder.create(visitor), CHUNK, null));
    }

    /**
     * As {@link #decode} into {@code analyzer}, on two threads: a second one decodes and maps
     * the records to the timeline while this one runs the rest of the analysis, which ends as
     * after a pass on one thread ({@link AnalysisPipeline}). What {@code decode} does for an
     * analyzer and a file of a MiB or more when the machine has a second core.
     */
    public static DecodeStats decodeOnTwoThreads(Path path, TraceAnalyzer analyzer) throws IOException {
        checkArguments(path, analyzer);
        return checked(path, AnalysisPipeline.run(path, analyzer));
    }

    private static void checkArguments(Path path, TraceVisitor visitor) throws IOException {
        if (path == null || visitor == null) {
            throw new IllegalArgumentException("path and visitor must not be null");
        }
        if (Files.isDirectory(path)) {
            throw new IOException(path + ": is a directory, not a trace file");
        }
    }

    /**
     * Pushes the whole file through {@code d} in chunks of {@code chunk} bytes, calling {@code
     * after} (if not null) after each; returns the decoder's statistics and the file's size.
     */
    static Read read(Path path, StreamDecoder d, int chunk, Runnable after) throws IOException {
        byte[] buf = new byte[chunk];
        long size;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            // mapped a window at a time: one copy into buf, not two (a heap buffer read goes
            // through a temporary direct buffer); windows keep files over 2 GiB working
            size = ch.size();
            for (long at = 0; at < size; at += WINDOW) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(WINDOW, size - at));
                while (m.hasRemaining()) {
                    int n = Math.min(chunk, m.remaining());
                    m.get(buf, 0, n);
                    d.push(buf, 0, n);
                    if (after != null) {
                        after.run();
                    }
                }
            }
            d.finish();
        } catch (IOException e) {
            // the JDK's messages for a missing or unreadable file are the path alone
            throw new IOException(IoWords.line(path, e), e);
        } catch (InternalError e) {
            // how the JDK reports a fault in mapped memory (possibly a little after the
            // access that caused it): the file was cut short while it was read
            if (e.getMessage() == null || !e.getMessage().contains("unsafe memory access")) {
                throw e;
            }
            throw new IOException(path + ": the file shrank while it was read", e);
        }
        return new Read(d.stats(), size);
    }

    /** What one pass read: the decoder's statistics, the file's size when opened. */
    record Read(DecodeStats stats, long size) {
    }

    private static DecodeStats checked(Path path, Read r) throws IOException {
        DecodeStats st = r.stats();
        if (st.onlyUnknownVersions()) {
            throw new IOException(path + ": " + st.refusal());
        }
        String noTrace = st.noTrace(r.size());
        if (noTrace != null) {
            throw new IOException(path + ": " + noTrace);
        }
        return st;
    }

    /** Analyzes {@code path} in one pass and returns the final snapshot. */
    public static AnalysisSnapshot analyze(Path path, AnalysisConfig config) throws IOException {
        TraceAnalyzer a = TraceAnalyzer.create(config);
        decode(path, a);
        a.finish();
        return a.snapshot();
    }
}
