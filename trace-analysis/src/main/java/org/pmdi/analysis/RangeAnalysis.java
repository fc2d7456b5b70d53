package org.pmdi.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestView;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.trace.file.TraceIndex;

/**
 * The requests of a time range of a saved trace, without decoding the whole file: reading
 * starts at the index bucket {@link #LEAD_NS} before the range (so a CLOCK_SYNC and the
 * requests' beginnings are seen) and stops one reorder horizon after it. Times are those of
 * the whole-file analysis (the origin is the index's).
 *
 * <pre>{@code
 * try (MappedTraceReader r = MappedTraceReader.open(path)) {
 *     List<Request> visible = RangeAnalysis.requests(r, fromNs, toNs, AnalysisConfig.defaults());
 * }
 * }</pre>
 *
 * A request that began more than {@link #LEAD_NS} before the range shows only its later
 * points (flagged missing_events). Returns the requests whose first..last seen point
 * overlaps [fromNs, toNs], sorted by first point; requests still open at the end of the
 * read window are included with the points they reached.
 */
public final class RangeAnalysis {
    /** How far before the range reading starts: 2 s (CLOCK_SYNC comes at least once a second). */
    public static final long LEAD_NS = 2_000_000_000L;
    private static final int CHUNK = 1 << 16;

    private RangeAnalysis() {
    }

    public static List<Request> requests(MappedTraceReader reader, long fromNs, long toNs, AnalysisConfig config) {
        if (reader == null || config == null) {
            throw new IllegalArgumentException("reader and config must not be null");
        }
        if (toNs < fromNs) {
            throw new IllegalArgumentException("toNs must be >= fromNs, was " + toNs + " < " + fromNs);
        }
        TraceIndex ix = reader.index();
        TraceAnalyzer a = TraceAnalyzer.create(config);
        a.clock().fixOrigin(ix.originTsc());
        if (reader.header() != null) {
            a.onHeader(reader.header());
        }
        List<Request> out = new ArrayList<>();
        a.addRequestListener(v -> keep(v, fromNs, toNs, out));
        long start = ix.offsetForTime(Math.max(0, fromNs - LEAD_NS));
        long stopNs = toNs + config.reorderHorizonNs();
        StreamDecoder d = StreamDecoder.create(a);
        d.frameDecoder().position(start);
        byte[] chunk = new byte[CHUNK];
        for (long o = start; o < ix.dataEnd() && (a.nowNs() == Request.ABSENT || a.nowNs() <= stopNs); ) {
            int n = (int) Math.min(CHUNK, ix.dataEnd() - o);
            reader.copy(o, chunk, n);
            d.push(chunk, 0, n);
            o += n;
        }
        d.finish();
        a.finish();
        a.forEachOpen(v -> keep(v, fromNs, toNs, out));
        out.sort(Comparator.comparingLong(Request::firstNs).thenComparingLong(Request::id));
        return out;
    }

    private static void keep(RequestView v, long fromNs, long toNs, List<Request> out) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Point p : Point.values()) {
            long t = v.pointNs(p);
            if (t != Request.ABSENT) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
        }
        if (first <= toNs && last >= fromNs) {
            out.add(v.toRequest());
        }
    }
}
