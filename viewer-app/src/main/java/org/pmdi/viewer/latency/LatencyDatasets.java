package org.pmdi.viewer.latency;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.ErrorFindings;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.data.AnalysisResult;

/**
 * JFreeChart datasets from an {@link AnalysisResult} (the dataset step of dataset → chart →
 * view). No JavaFX; testable without a screen.
 *
 * <pre>{@code
 * XYIntervalSeriesCollection h = LatencyDatasets.histograms(result);    // one series per device
 * DefaultXYZDataset d = LatencyDatasets.density(result, dev);           // time × latency × count
 * DefaultCategoryDataset p = LatencyDatasets.phaseMeans(result);        // phase × device, mean ns
 * }</pre>
 */
public final class LatencyDatasets {
    /** Histogram bins per power of two. */
    private static final double BIN_BASE = Math.sqrt(2);

    private LatencyDatasets() {
    }

    /** One series per device (keyed by device label), log-spaced bins from 100 ns, counts. */
    public static XYIntervalSeriesCollection histograms(AnalysisResult r) {
        XYIntervalSeriesCollection c = new XYIntervalSeriesCollection();
        r.histograms().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> c.addSeries(histogram(r.deviceLabel(e.getKey()), e.getValue())));
        return c;
    }

    /** One histogram as a series named {@code key}: log-spaced bins from 100 ns (√2 apart), counts. */
    public static XYIntervalSeries histogram(Comparable<?> key, Histogram h) {
        XYIntervalSeries s = new XYIntervalSeries(key);
        if (h.getTotalCount() > 0) {
            long lo = 100;
            for (HistogramIterationValue v : h.logarithmicBucketValues(100, BIN_BASE)) {
                long hi = v.getValueIteratedTo();
                long n = v.getCountAddedInThisIterationStep();
                if (n > 0) {
                    double x0 = Math.max(1, lo);
                    double x1 = Math.max(x0 + 1, hi);
                    s.add(Math.sqrt(x0 * x1), x0, x1, n, 0, n);
                }
                lo = hi;
            }
        }
        return s;
    }

    /** Device id of each series of {@link #histograms}, in series order. */
    public static int[] histogramDevices(AnalysisResult r) {
        return r.histograms().keySet().stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Density of latency over time for one device (or every device when {@code device} is
     * -2): x = bin start (ms), y = latency bin start (ns), z = requests.
     */
    public static DefaultXYZDataset density(AnalysisResult r, int device) {
        return density(r, device, 0);
    }

    /** As {@link #density(AnalysisResult, int)} with times shifted by {@code shiftNs} (onto the timeline's ruler). */
    public static DefaultXYZDataset density(AnalysisResult r, int device, long shiftNs) {
        List<LatencyOverTime.Cell> cells = device == -2 ? r.overTime().cells() : r.overTime().cells(device);
        double[][] d = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            LatencyOverTime.Cell c = cells.get(i);
            d[0][i] = (c.timeNs() + shiftNs) / 1e6;
            d[1][i] = c.latencyNs();
            d[2][i] = c.count();
        }
        DefaultXYZDataset ds = new DefaultXYZDataset();
        ds.addSeries(device == -2 ? "all" : r.deviceLabel(device), d);
        return ds;
    }

    /** The cell at (time ms, latency ns) of {@code device}'s density, or null. */
    public static LatencyOverTime.Cell cellAt(AnalysisResult r, int device, double timeMs, double latNs) {
        return cellAt(r, device, timeMs, latNs, 0);
    }

    /** As {@link #cellAt(AnalysisResult, int, double, double)} on a density shifted by {@code shiftNs}. */
    public static LatencyOverTime.Cell cellAt(AnalysisResult r, int device, double shownMs, double latNs,
            long shiftNs) {
        double timeMs = shownMs - shiftNs / 1e6;
        List<LatencyOverTime.Cell> cells = device == -2 ? r.overTime().cells() : r.overTime().cells(device);
        LatencyOverTime.Cell best = null;
        for (LatencyOverTime.Cell c : cells) {
            double t0 = c.timeNs() / 1e6;
            double t1 = (c.timeNs() + c.binNs()) / 1e6;
            double l1 = c.latencyNs() * Math.pow(2, 1.0 / LatencyOverTime.SUB);
            if (timeMs >= t0 && timeMs < t1 && latNs >= c.latencyNs() / 1.5 && latNs < l1 * 1.5) {
                if (best == null || Math.abs(Math.log(c.latencyNs()) - Math.log(latNs))
                        < Math.abs(Math.log(best.latencyNs()) - Math.log(latNs))) {
                    best = c;
                }
            }
        }
        return best;
    }

    /**
     * Mean time per phase (rows, the analysis's {@link Phase} words, in data-path order) per
     * device (columns), µs: stacked, they add up to the mean total.
     */
    public static DefaultCategoryDataset phaseMeans(AnalysisResult r) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (LatencySummary t : r.totals()) {
            String col = r.deviceName(t.device());
            for (LatencySummary p : r.phases(t.device())) {
                Phase ph = phaseOf(p.phase());
                if (ph != null) {
                    d.addValue(p.meanNs() / 1e3, ph.label(), col);
                }
            }
        }
        return d;
    }

    /**
     * The latency table's "errors" cell of {@code device}: "" when Linux answered none of its
     * requests, "0" when none failed, else "300 (25.0 %)".
     */
    public static String errorsText(AnalysisResult r, int device) {
        DeviceErrors e = r.snapshot().errors(device);
        if (e == null) {
            return "";
        }
        return e.failed() == 0 ? "0" : String.format("%,d (%s)", e.failed(), ErrorFindings.percent(e.errorRate()));
    }

    /** "Failing: vdb 300 of 1,200 (25.0 %)" for the devices with failed requests, or "" when none failed. */
    public static String failingText(AnalysisResult r) {
        List<String> parts = r.snapshot().errors().stream().filter(e -> e.failed() > 0)
                .map(e -> r.deviceName(e.device()) + " " + String.format("%,d of %,d (%s)", e.failed(), e.requests(),
                        ErrorFindings.percent(e.errorRate())))
                .toList();
        return parts.isEmpty() ? "" : "Failing: " + String.join(", ", parts);
    }

    /** The phase whose {@link Phase#key()} is {@code key}, or null. */
    public static Phase phaseOf(String key) {
        for (Phase p : Phase.values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Table rows, slowest p99 first: a device's total latency, or a NIC's two directions in
     * its place (tx: post → handed to the driver; rx: frame arrival → taken by the AP; a
     * receive buffer's wait for a frame is in neither).
     */
    public static List<LatencySummary> table(AnalysisResult r) {
        List<LatencySummary> rows = new java.util.ArrayList<>();
        for (LatencySummary t : r.totals()) {
            List<LatencySummary> dirs = r.directions(t.device());
            rows.addAll(dirs.isEmpty() ? List.of(t) : dirs);
        }
        rows.sort((a, b) -> Long.compare(b.p99Ns(), a.p99Ns()));
        return rows;
    }

    /** The table's device cell: "vdb (virtio_blk)", or "eth0 (virtio_net) · rx" for a NIC's direction. */
    public static String rowLabel(AnalysisResult r, LatencySummary s) {
        return r.deviceLabel(s.device()) + (AnalysisResult.isDirection(s) ? " · " + s.phase() : "");
    }
}
