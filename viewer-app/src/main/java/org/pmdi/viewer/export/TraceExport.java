package org.pmdi.viewer.export;

import java.nio.file.Path;
import javafx.concurrent.Task;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;

/**
 * Exports a trace, or one time range of it, to Perfetto JSON, CSV or CTF through
 * trace-analysis's exporters (the viewer writes none of these formats itself).
 *
 * <pre>{@code
 * Task<Path> t = TraceExport.task(trace, TraceExport.Format.PERFETTO, fromNs, toNs, out);
 * executor.submit(t);
 * }</pre>
 */
public final class TraceExport {
    private TraceExport() {
    }

    /** Output formats. */
    public enum Format {
        PERFETTO("Perfetto / Chrome JSON", "json"),
        CSV("CSV of requests", "csv"),
        CTF("CTF 1.8 directory", "ctf");

        private final String label;
        private final String extension;

        Format(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }

        public String label() {
            return label;
        }

        public String extension() {
            return extension;
        }
    }

    /** Writes {@code format} of {@code trace} (the whole trace when fromNs > toNs) now, on this thread. */
    public static Path run(Path trace, Format format, long fromNs, long toNs, Path out) throws java.io.IOException {
        TimeRange range = fromNs > toNs ? TimeRange.ALL : TimeRange.of(fromNs, toNs);
        Exports.run(trace, AnalysisConfig.defaults(), range, format == Format.PERFETTO ? out : null,
                format == Format.CSV ? out : null, format == Format.CTF ? out : null);
        return out;
    }

    /** {@link #run} as a background task. */
    public static Task<Path> task(Path trace, Format format, long fromNs, long toNs, Path out) {
        return new Task<>() {
            @Override
            protected Path call() throws Exception {
                updateMessage("Exporting " + format.label() + " to " + out);
                return TraceExport.run(trace, format, fromNs, toNs, out);
            }
        };
    }
}
