package org.pmdi.analysis.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.IntFunction;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;

/**
 * CSV of requests ({@link RequestColumns}), one row per request in the order they are
 * finalized; unknown values are empty. Requests outside the range (by post time) are
 * skipped.
 *
 * <pre>{@code
 * CsvExporter csv = CsvExporter.create(writer, TimeRange.ALL, analyzer::deviceName);
 * analyzer.addRequestListener(csv);
 * ... decode ...; analyzer.finish();
 * analyzer.forEachOpen(csv);   // optional: the requests still open
 * csv.close();
 * }</pre>
 *
 * Write errors surface as {@link UncheckedIOException}. Not thread-safe.
 */
public final class CsvExporter implements RequestListener, AutoCloseable {
    private final Writer out;
    private final TimeRange range;
    private final IntFunction<String> deviceName;
    private final StringBuilder line = new StringBuilder(256);
    private long rows;

    private CsvExporter(Writer out, TimeRange range, IntFunction<String> deviceName) throws IOException {
        this.out = out;
        this.range = range;
        this.deviceName = deviceName;
        out.write(String.join(",", RequestColumns.NAMES));
        out.write('\n');
    }

    /** An exporter writing the header line now. */
    public static CsvExporter create(Writer out, TimeRange range, IntFunction<String> deviceName)
            throws IOException {
        if (out == null || range == null || deviceName == null) {
            throw new IllegalArgumentException("out, range and deviceName must not be null");
        }
        return new CsvExporter(out, range, deviceName);
    }

    @Override
    public void onRequest(RequestView r) {
        if (!range.contains(RequestColumns.anchorNs(r))) {
            return;
        }
        StringBuilder b = line;
        b.setLength(0);
        for (int i = 0; i < RequestColumns.NAMES.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            if (i == RequestColumns.DEVICE_NAME) {
                b.append(RequestColumns.deviceName(r, deviceName));
            } else if (i == RequestColumns.FLAGS) {
                b.append(RequestColumns.flags(r));
            } else {
                long v = RequestColumns.value(r, i);
                if (v != Request.ABSENT && !(v == -1 && i >= 1 && i <= 4)) {
                    b.append(v);
                }
            }
        }
        b.append('\n');
        try {
            out.append(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
