package org.pmdi.analysis;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * One sequential pass over a saved trace (or any stream file), with or without an index:
 * the file is mapped 256 MiB at a time and pushed through a {@link StreamDecoder} in 64 KiB
 * chunks, so the heap does not grow with the file. The file is read as long as it was when
 * opened; one cut short meanwhile gives an IOException.
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

    private TraceFiles() {
    }

    /**
     * Decodes every frame of {@code path} (not null) into {@code visitor} (not null). A trace
     * whose headers are all of a format version this decoder does not read ends in an
     * IOException naming the version (FORMAT.md §9), after the pass: its records cannot be
     * trusted to mean what this decoder thinks.
     */
    public static DecodeStats decode(Path path, TraceVisitor visitor) throws IOException {
        if (path == null || visitor == null) {
            throw new IllegalArgumentException("path and visitor must not be null");
        }
        StreamDecoder d = StreamDecoder.create(visitor);
        byte[] buf = new byte[CHUNK];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            // mapped a window at a time: one copy into buf, not two (a heap buffer read goes
            // through a temporary direct buffer); windows keep files over 2 GiB working
            long size = ch.size();
            for (long at = 0; at < size; at += WINDOW) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(WINDOW, size - at));
                while (m.hasRemaining()) {
                    int n = Math.min(CHUNK, m.remaining());
                    m.get(buf, 0, n);
                    d.push(buf, 0, n);
                }
            }
            d.finish();
        } catch (InternalError e) {
            // how the JDK reports a fault in mapped memory (possibly a little after the
            // access that caused it): the file was cut short while it was read
            if (e.getMessage() == null || !e.getMessage().contains("unsafe memory access")) {
                throw e;
            }
            throw new IOException(path + ": the file shrank while it was read", e);
        }
        DecodeStats st = d.stats();
        if (st.onlyUnknownVersions()) {
            throw new IOException(st.refusal());
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
