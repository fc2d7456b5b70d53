package org.pmdi.analysis.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.pmdi.analysis.EventListener;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;
import org.pmdi.trace.EventType;

/**
 * CTF 1.8 export that {@code babeltrace2} reads: a directory with {@code metadata}
 * ({@link CtfMetadata}), one stream file per trace ring ({@code ring-N}: every event, in
 * its ring's order) and {@code requests} (one "request" event per request, at its
 * completion or last seen time, with the same fields as the CSV).
 *
 * <pre>{@code
 * CtfExporter ctf = CtfExporter.create(dir, TimeRange.ALL, analyzer::deviceName);
 * analyzer.addEventListener(ctf); analyzer.addRequestListener(ctf);
 * ... decode ...; analyzer.finish(); analyzer.forEachOpen(ctf); ctf.close();
 * }</pre>
 *
 * {@code babeltrace2 DIR} prints it; {@code babeltrace2 -c sink.utils.dummy DIR} only
 * decodes. Write errors surface as {@link UncheckedIOException}. Not thread-safe.
 */
public final class CtfExporter implements EventListener, RequestListener, AutoCloseable {
    private final Path dir;
    private final TimeRange range;
    private final IntFunction<String> deviceName;
    private final CtfStreamWriter[] rings = new CtfStreamWriter[256];
    private final CtfStreamWriter requests;

    private CtfExporter(Path dir, TimeRange range, IntFunction<String> deviceName) throws IOException {
        this.dir = dir;
        this.range = range;
        this.deviceName = deviceName;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("metadata"), CtfMetadata.text(), StandardCharsets.UTF_8);
        this.requests = new CtfStreamWriter(dir.resolve("requests"), 1, 255);
    }

    /** An exporter into directory {@code dir} (created if needed; not null). */
    public static CtfExporter create(Path dir, TimeRange range, IntFunction<String> deviceName) throws IOException {
        if (dir == null || range == null || deviceName == null) {
            throw new IllegalArgumentException("dir, range and deviceName must not be null");
        }
        return new CtfExporter(dir, range, deviceName);
    }

    private CtfStreamWriter ring(int source) throws IOException {
        CtfStreamWriter w = rings[source];
        if (w == null) {
            w = new CtfStreamWriter(dir.resolve("ring-" + source), 0, source);
            rings[source] = w;
        }
        return w;
    }

    @Override
    public void onEvent(int source, boolean linux, int type, long ns, long req, long[] args, int nargs) {
        if (!range.contains(ns)) {
            return;
        }
        try {
            ByteBuffer b = ring(source).begin(type, ns, 12 + 8 * nargs);
            b.putInt((int) req);
            b.putLong(ns);
            for (int i = 0; i < nargs; i++) {
                b.putLong(args[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onBlob(int source, boolean linux, int type, long ns, long req, byte[] buf, int off, int len) {
        if (!range.contains(ns) || EventType.byId(type) == null) {
            return;
        }
        try {
            ByteBuffer b = ring(source).begin(type, ns, 13 + len);
            b.putInt((int) req);
            b.putLong(ns);
            b.put((byte) len);
            b.put(buf, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onRequest(RequestView r) {
        long anchor = RequestColumns.anchorNs(r);
        if (anchor == Request.ABSENT || !range.contains(anchor)) {
            return;
        }
        long at = r.pointNs(org.pmdi.analysis.request.Point.DONE);
        if (at == Request.ABSENT) {
            at = anchor;
        }
        String name = RequestColumns.deviceName(r, deviceName);
        String flags = RequestColumns.flags(r);
        try {
            ByteBuffer b = requests.begin(CtfMetadata.REQUEST_EVENT_ID, at,
                    8 * RequestColumns.NAMES.size() + 4 * (name.length() + flags.length()) + 2);
            for (int i = 0; i < RequestColumns.NAMES.size(); i++) {
                if (i == RequestColumns.DEVICE_NAME) {
                    CtfStreamWriter.putString(b, name);
                } else if (i == RequestColumns.FLAGS) {
                    CtfStreamWriter.putString(b, flags);
                } else {
                    b.putLong(RequestColumns.value(r, i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events written to the ring streams. */
    public long ringEvents() {
        long n = 0;
        for (CtfStreamWriter w : rings) {
            if (w != null) {
                n += w.events();
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        for (CtfStreamWriter w : rings) {
            if (w != null) {
                w.close();
            }
        }
        requests.close();
    }
}
