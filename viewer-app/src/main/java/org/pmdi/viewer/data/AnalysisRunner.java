package org.pmdi.viewer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.latency.LatencyStats;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.TraceItem;
import org.pmdi.viewer.latency.LatencyOverTime;

/**
 * Feeds trace-analysis's {@link TraceAnalyzer} (one pass over a file, or item by item from a
 * live feed) and turns its state into {@link AnalysisResult}s for the views.
 *
 * <pre>{@code
 * AnalysisRunner r = AnalysisRunner.create();
 * AnalysisResult res = r.analyzeFile(path);            // whole file, then finish()
 * r.accept(item); AnalysisResult now = r.result();    // live
 * }</pre>
 *
 * Single thread: feed and call {@link #result()} on the same thread; the result is immutable.
 */
public final class AnalysisRunner {
    private static final int RECV = org.pmdi.trace.Op.RECV.code();
    private final TraceAnalyzer analyzer;
    private final LatencyOverTime overTime = LatencyOverTime.create(512, 1 << 20);

    private AnalysisRunner(AnalysisConfig config) {
        analyzer = TraceAnalyzer.create(config);
        analyzer.addRequestListener(v -> {
            long post = v.pointNs(Point.POST);
            long total = v.totalNs();
            if (v.op() == RECV) {
                // a receive buffer: from its frame's arrival, the wait for a frame is not latency
                post = v.pointNs(Point.DRV_END);
                long done = v.pointNs(Point.DONE);
                total = post == Request.ABSENT || done == Request.ABSENT ? Request.ABSENT : done - post;
            }
            // successes only, as the latency table (failed requests' latency is shown apart)
            if (post != Request.ABSENT && total != Request.ABSENT && v.status() >= 0) {
                overTime.add(v.device(), v.id(), post, total);
            }
        });
    }

    public static AnalysisRunner create() {
        return new AnalysisRunner(AnalysisConfig.defaults());
    }

    public static AnalysisRunner create(AnalysisConfig config) {
        return new AnalysisRunner(config);
    }

    public TraceAnalyzer analyzer() {
        return analyzer;
    }

    /**
     * Analyzes every event of the file and finishes: as {@code report} does, on two threads for
     * a file of a MiB or more ({@link TraceFiles#decode}); an interrupt stops it.
     */
    public AnalysisResult analyzeFile(Path path) throws IOException {
        TraceFiles.decode(path, analyzer);
        analyzer.finish();
        return result();
    }

    /** One live item (event, header or gap). */
    public void accept(TraceItem item) {
        analyzer.accept(item);
    }

    /** The analysis as it stands, with "now" at {@code nowNs} on the AP timeline (ages of stuck requests). */
    public AnalysisResult result(long nowNs) {
        return result(analyzer.snapshot(nowNs));
    }

    /** The analysis as it stands. */
    public AnalysisResult result() {
        return result(analyzer.snapshot());
    }

    private AnalysisResult result(org.pmdi.analysis.AnalysisSnapshot snap) {
        LatencyStats ls = analyzer.latency();
        Map<Integer, Histogram> h = new HashMap<>();
        for (int d : ls.devices()) {
            h.put(d, ls.histogramCopy(d, LatencyStats.TOTAL));
        }
        return new AnalysisResult(snap, h, overTime.snapshot(), analyzer.clock().originTsc(),
                Math.max(1, analyzer.clock().tscKhzAp()), analyzer.nicDrops());
    }
}
