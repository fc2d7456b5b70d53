package org.pmdi.viewer.compare;

import java.util.List;
import java.util.Locale;
import org.pmdi.analysis.diff.Change;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.latency.LatencyDatasets;

/**
 * One row of the delta table: a {@link Change} in the words of its columns. Rows keep the
 * order of {@link DiffReport#changes()} (significant regressions first).
 *
 * <pre>{@code
 * List<DeltaRow> rows = DeltaRow.of(report);
 * rows.get(0).mark();      // "▲" for a significant regression
 * }</pre>
 */
public record DeltaRow(Change change) {
    public static final String REGRESSION = "▲";
    public static final String IMPROVEMENT = "▼";

    public static List<DeltaRow> of(DiffReport r) {
        return r.changes().stream().map(DeltaRow::new).toList();
    }

    /** ▲ significant regression, ▼ significant improvement, "" otherwise. */
    public String mark() {
        if (!change.significant()) {
            return "";
        }
        return change.regression() ? REGRESSION : IMPROVEMENT;
    }

    public String group() {
        return change.group().words();
    }

    public String phase() {
        return phaseWords(change.phase());
    }

    /** "total", or the words of the phase with that key ("in driver"). */
    public static String phaseWords(String key) {
        Phase p = LatencyDatasets.phaseOf(key);
        return p == null ? key : p.label();
    }

    public String stat() {
        return change.stat();
    }

    /** "4.60 ms → 146 ms". */
    public String values() {
        return duration(change.baseNs()) + " → " + duration(change.newNs());
    }

    /** A duration in three significant digits ("146 ms", "4.60 ms", "880 ns"): a table's width, not a ruler's precision. */
    public static String duration(long ns) {
        long a = Math.abs(ns);
        String sign = ns < 0 ? "-" : "";
        if (a < 1_000) {
            return sign + a + " ns";
        }
        double v = a < 1_000_000 ? a / 1e3 : a < 1_000_000_000 ? a / 1e6 : a / 1e9;
        String unit = a < 1_000_000 ? " µs" : a < 1_000_000_000 ? " ms" : " s";
        return sign + num(v) + unit;
    }

    /** "31.7×". */
    public String ratio() {
        return times(change.ratio());
    }

    /** "25.0–38.1×", or "too few samples" when either side has too few for the percentile. */
    public String interval() {
        if (!change.enoughSamples()) {
            return "too few samples";
        }
        return num(change.ciLow()) + "–" + times(change.ciHigh());
    }

    private static String times(double r) {
        return num(r) + "×";
    }

    private static String num(double r) {
        if (!Double.isFinite(r)) {
            return "∞";
        }
        return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : r >= 10
                ? String.format(Locale.ROOT, "%.1f", r) : String.format(Locale.ROOT, "%.2f", r);
    }
}
