package org.pmdi.viewer.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.pmdi.analysis.diff.Change;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.GroupDiff;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.latency.LatencyDatasets;

/**
 * Chart data of a comparison (no JavaFX): per device and phase, the two sides' histograms,
 * each the sum over the device's groups (ops and size classes).
 *
 * <pre>{@code
 * XYIntervalSeriesCollection h = CompareDatasets.histograms(report, "vdb", "driver");  // "base", "new"
 * }</pre>
 */
public final class CompareDatasets {
    public static final String TOTAL = "total";
    public static final String BASE = "base";
    public static final String NEW = "new";

    private CompareDatasets() {
    }

    /** Devices of the comparison: those of the significant changes first (in their order), then the others by name. */
    public static List<String> devices(DiffReport r) {
        Set<String> out = new LinkedHashSet<>();
        r.significant().forEach(c -> out.add(c.group().device()));
        r.groups().stream().map(g -> g.key().device()).sorted().forEach(out::add);
        return new ArrayList<>(out);
    }

    /** "total", then the phase keys in data-path order. */
    public static List<String> phases() {
        List<String> out = new ArrayList<>();
        out.add(TOTAL);
        for (Phase p : Phase.values()) {
            out.add(p.key());
        }
        return out;
    }

    /** Two series, "base" then "new": {@code device}'s latency in {@code phase} on each side. */
    public static XYIntervalSeriesCollection histograms(DiffReport r, String device, String phase) {
        Histogram base = new Histogram(3);
        Histogram neu = new Histogram(3);
        for (GroupDiff g : r.groups()) {
            if (g.key().device().equals(device)) {
                add(base, g.baseHist(), phase);
                add(neu, g.newHist(), phase);
            }
        }
        XYIntervalSeriesCollection c = new XYIntervalSeriesCollection();
        c.addSeries(LatencyDatasets.histogram(BASE, base));
        c.addSeries(LatencyDatasets.histogram(NEW, neu));
        return c;
    }

    private static void add(Histogram into, Map<String, Histogram> byPhase, String phase) {
        Histogram h = byPhase == null ? null : byPhase.get(phase);
        if (h != null) {
            into.add(h);
        }
    }

    /** The headline: "3 significant regressions, 1 improvement of 96 comparisons (minimum effect 1.25×)". */
    public static String headline(DiffReport r) {
        List<Change> sig = r.significant();
        long reg = sig.stream().filter(Change::regression).count();
        long imp = sig.size() - reg;
        String what = reg == 0 && imp == 0 ? "No significant change"
                : plural(reg, "significant regression") + ", " + plural(imp, "improvement");
        return String.format("%s of %,d comparisons (minimum effect %.2f×, %.0f %% confidence)", what,
                r.comparisons(), r.config().minEffect(), r.config().confidence() * 100);
    }

    /** Errors that got worse, findings that appeared or went, devices on one side only; one line each. */
    public static List<String> notes(DiffReport r) {
        List<String> out = new ArrayList<>();
        r.errors().stream().filter(e -> e.worse()).forEach(e -> out.add("errors " + e.words()));
        // a finding's summary names its device and says what it is; the kind is the fallback
        r.findings().forEach(f -> out.add((f.appeared() ? "new finding: " : "gone: ")
                + (f.summary() == null || f.summary().isEmpty() ? f.kind() + " on " + f.device() : f.summary())));
        r.devicesOnlyInBase().forEach(d -> out.add(d + " only in the base trace"));
        r.devicesOnlyInNew().forEach(d -> out.add(d + " only in the new trace"));
        return out;
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
