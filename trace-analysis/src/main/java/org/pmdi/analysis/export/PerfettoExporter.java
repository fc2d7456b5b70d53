package org.pmdi.analysis.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.pmdi.analysis.EventListener;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Op;

/**
 * Chrome/Perfetto trace-event JSON (Jackson streaming), timestamps in µs on the AP
 * timeline:
 * <ul>
 * <li>pid 1 "AP kernel" (tid 1) and pid 2 "Linux" (tid = 100 + source): doorbells sent and
 * IPIs taken as short ("X", 0.2 µs) slices;</li>
 * <li>flow events ("s" → "f", binding to the enclosing slice) from each doorbell sent to
 * the IPI that the other OS took for it, both directions;</li>
 * <li>pid 3 "Requests": each request as an async slice ("b"/"e", cat "request", id = request
 * id) with its phases nested;</li>
 * <li>pid 4 "Drivers": driver calls as slices on one track per device (tid = device id);</li>
 * <li>counters ("C") "queue depth &lt;dev&gt;" on pid 1 at each post and completion that changes
 * it (requests posted and not done, as the analysis counts them).</li>
 * </ul>
 *
 * <pre>{@code
 * PerfettoExporter p = PerfettoExporter.create(out, TimeRange.ALL, analyzer::deviceName, analyzer::queueDepth);
 * analyzer.addEventListener(p); analyzer.addRequestListener(p);
 * ... decode ...; analyzer.finish(); p.close();
 * }</pre>
 *
 * Write errors surface as {@link UncheckedIOException}. Not thread-safe.
 */
public final class PerfettoExporter implements EventListener, RequestListener, AutoCloseable {
    private static final double IPI_DUR_US = 0.2;
    private final JsonGenerator g;
    private final TimeRange range;
    private final IntFunction<String> deviceName;
    private static final int REQ_POST = EventType.REQ_POST.id();
    private static final int REQ_DONE = EventType.REQ_DONE.id();
    private static final int DOORBELL_SEND = EventType.DOORBELL_SEND.id();
    private static final int IPI_RECV = EventType.IPI_RECV.id();
    private final IntUnaryOperator queueDepth;
    /** The depth of each device's last counter, and the devices requests were posted to. */
    private final int[] depth = new int[256];
    private final boolean[] knownDevice = new boolean[256];
    private final boolean[] namedThread = new boolean[256];
    private final boolean[] namedDevice = new boolean[256];
    private long flowId;
    private long written;

    private PerfettoExporter(JsonGenerator g, TimeRange range, IntFunction<String> deviceName,
            IntUnaryOperator queueDepth) {
        this.g = g;
        this.range = range;
        this.deviceName = deviceName;
        this.queueDepth = queueDepth;
    }

    /**
     * Writes the document head now; {@link #close()} writes its end. {@code queueDepth} gives a
     * device's requests posted and not done as the analysis counts them, already updated for
     * the event this exporter is handed (as {@code TraceAnalyzer::queueDepth} is).
     */
    public static PerfettoExporter create(OutputStream out, TimeRange range, IntFunction<String> deviceName,
            IntUnaryOperator queueDepth) throws IOException {
        if (out == null || range == null || deviceName == null || queueDepth == null) {
            throw new IllegalArgumentException("out, range, deviceName and queueDepth must not be null");
        }
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        PerfettoExporter p = new PerfettoExporter(g, range, deviceName, queueDepth);
        g.writeStartObject();
        g.writeStringField("displayTimeUnit", "ns");
        g.writeArrayFieldStart("traceEvents");
        p.meta("process_name", 1, 0, "AP kernel");
        p.meta("process_name", 2, 0, "Linux");
        p.meta("process_name", 3, 0, "Requests");
        p.meta("process_name", 4, 0, "Drivers");
        p.meta("thread_name", 1, 1, "AP CPU");
        return p;
    }

    private void meta(String what, int pid, int tid, String name) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "M");
        g.writeStringField("name", what);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeStringField("name", name);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static double us(long ns) {
        return ns / 1000.0;
    }

    private int pid(boolean linux) {
        return linux ? 2 : 1;
    }

    private int tid(int source, boolean linux) throws IOException {
        if (!linux) {
            return 1;
        }
        if (!namedThread[source]) {
            namedThread[source] = true;
            meta("thread_name", 2, 100 + source, "Linux ring " + source);
        }
        return 100 + source;
    }

    @Override
    public void onEvent(int source, boolean linux, int type, long ns, long req, long[] args, int nargs) {
        if (type == REQ_POST) {
            knownDevice[(int) args[0] & 0xff] = true;
        }
        if (!range.contains(ns)) {
            return;
        }
        try {
            if (type == DOORBELL_SEND) {
                slice(pid(linux), tid(source, linux), ns, "doorbell ring " + args[0], req);
            } else if (type == IPI_RECV) {
                slice(pid(linux), tid(source, linux), ns, "IPI vector " + args[0], 0);
            } else if (type == REQ_POST || type == REQ_DONE) {
                counters(ns);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A counter for each device whose queue depth (the analysis's) changed since the last one. */
    private void counters(long ns) throws IOException {
        for (int d = 0; d < 256; d++) {
            if (knownDevice[d] && queueDepth.applyAsInt(d) != depth[d]) {
                depth[d] = queueDepth.applyAsInt(d);
                counter(ns, d);
            }
        }
    }

    private void counter(long ns, int dev) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "C");
        g.writeStringField("name", "queue depth " + deviceName.apply(dev));
        g.writeNumberField("pid", 1);
        g.writeNumberField("ts", us(ns));
        g.writeObjectFieldStart("args");
        g.writeNumberField("depth", depth[dev]);
        g.writeEndObject();
        g.writeEndObject();
        written++;
    }

    private void slice(int pid, int tid, long ns, String name, long req) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "X");
        g.writeStringField("name", name);
        g.writeStringField("cat", "ipi");
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeNumberField("ts", us(ns));
        g.writeNumberField("dur", IPI_DUR_US);
        if (req != 0) {
            g.writeObjectFieldStart("args");
            g.writeNumberField("req", req);
            g.writeEndObject();
        }
        g.writeEndObject();
        written++;
    }

    @Override
    public void onRequest(RequestView r) {
        long anchor = RequestColumns.anchorNs(r);
        if (anchor == Request.ABSENT || !range.contains(anchor)) {
            return;
        }
        try {
            request(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void request(RequestView r) throws IOException {
        String dev = r.device() < 0 ? "unknown" : deviceName.apply(r.device());
        Op op = Op.fromCode(r.op());
        String name = dev + " " + (op == null ? "op" + r.op() : op.name().toLowerCase(java.util.Locale.ROOT)) + " #"
                + r.id();
        long post = r.pointNs(Point.POST);
        long done = r.pointNs(Point.DONE);
        if (post != Request.ABSENT && done != Request.ABSENT && done >= post) {
            async("b", name, r.id(), post, r);
            for (Phase p : Phase.values()) {
                long d = r.phaseNs(p);
                if (d == Request.ABSENT || d < 0) {
                    continue;
                }
                long start = r.phaseStartNs(p);
                async("b", p.label(), r.id(), start, null);
                async("e", p.label(), r.id(), start + d, null);
            }
            async("e", name, r.id(), done, null);
        }
        long b = r.pointNs(Point.DRV_BEGIN);
        long e = r.pointNs(Point.DRV_END);
        if (b != Request.ABSENT && e != Request.ABSENT && e >= b && r.device() >= 0) {
            if (!namedDevice[r.device()]) {
                namedDevice[r.device()] = true;
                meta("thread_name", 4, r.device(), dev);
            }
            g.writeStartObject();
            g.writeStringField("ph", "X");
            g.writeStringField("name", name);
            g.writeStringField("cat", "driver");
            g.writeNumberField("pid", 4);
            g.writeNumberField("tid", r.device());
            g.writeNumberField("ts", us(b));
            g.writeNumberField("dur", us(e - b));
            g.writeObjectFieldStart("args");
            g.writeNumberField("req", r.id());
            g.writeNumberField("status", r.status());
            g.writeEndObject();
            g.writeEndObject();
            written++;
        }
        int lx = r.linuxSource();
        if ((r.flags() & RequestFlags.DOORBELL_SUPPRESSED) == 0 && lx >= 0) {
            flow(r.pointNs(Point.REQUEST_DOORBELL), 1, 1, r.pointNs(Point.LINUX_IPI), 2, tid(lx, true));
        }
        if ((r.flags() & RequestFlags.COMPLETION_SUPPRESSED) == 0 && lx >= 0) {
            flow(r.pointNs(Point.COMPLETION_DOORBELL), 2, tid(lx, true), r.pointNs(Point.AP_IPI), 1, 1);
        }
    }

    private void flow(long from, int fromPid, int fromTid, long to, int toPid, int toTid) throws IOException {
        if (from == Request.ABSENT || to == Request.ABSENT || to < from || !range.contains(from)
                || !range.contains(to)) {
            return;
        }
        long id = ++flowId;
        g.writeStartObject();
        g.writeStringField("ph", "s");
        g.writeStringField("name", "doorbell");
        g.writeStringField("cat", "flow");
        g.writeNumberField("id", id);
        g.writeNumberField("pid", fromPid);
        g.writeNumberField("tid", fromTid);
        g.writeNumberField("ts", us(from));
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("ph", "f");
        g.writeStringField("bp", "e");
        g.writeStringField("name", "doorbell");
        g.writeStringField("cat", "flow");
        g.writeNumberField("id", id);
        g.writeNumberField("pid", toPid);
        g.writeNumberField("tid", toTid);
        g.writeNumberField("ts", us(to));
        g.writeEndObject();
        written += 2;
    }

    private void async(String ph, String name, long id, long ns, RequestView args) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", ph);
        g.writeStringField("name", name);
        g.writeStringField("cat", "request");
        g.writeNumberField("id", id);
        g.writeNumberField("pid", 3);
        g.writeNumberField("tid", 0);
        g.writeNumberField("ts", us(ns));
        if (args != null) {
            g.writeObjectFieldStart("args");
            g.writeNumberField("req", args.id());
            g.writeNumberField("length", args.length());
            g.writeNumberField("status", args.status());
            g.writeStringField("flags", RequestFlags.describe(args.flags()));
            g.writeEndObject();
        }
        g.writeEndObject();
        written++;
    }

    /** Trace events written so far. */
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        g.writeEndArray();
        g.writeEndObject();
        g.close();
    }
}
