package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Tick marks of the time ruler: steps of 1, 2 or 5 × 10^k ns, at least {@code minGapPx} apart,
 * labelled in real units (ns, µs, ms, s).
 *
 * <pre>{@code
 * for (TimeRuler.Tick t : TimeRuler.ticks(viewport, 90)) draw(t.x(), t.label());
 * String s = TimeRuler.format(1_500_000);   // "1.5 ms"
 * }</pre>
 */
public final class TimeRuler {
    private TimeRuler() {
    }

    /** One tick: its x, its time and its label. */
    public record Tick(double x, long ns, String label) {
    }

    /** The step in ns between labelled ticks. */
    public static long step(Viewport v, double minGapPx) {
        double minNs = v.nsPerPx() * minGapPx;
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (step * m >= minNs) {
                    return step * m;
                }
            }
            if (step > Long.MAX_VALUE / 100) {
                return step;
            }
            step *= 10;
        }
    }

    public static List<Tick> ticks(Viewport v, double minGapPx) {
        long step = step(v, minGapPx);
        List<Tick> out = new ArrayList<>();
        long first = Math.floorDiv(v.startNs(), step) * step;
        for (long t = first; t <= v.endNs(); t += step) {
            if (t >= v.startNs()) {
                out.add(new Tick(v.x(t), t, formatAt(t, step)));
            }
        }
        return out;
    }

    /**
     * A time in the largest unit that keeps it ≥ 1, with as many decimals as {@code resolutionNs}
     * needs (ticks 200 µs apart at 1.4672 s and 1.4674 s must not both read "1.467 s").
     *
     * <pre>{@code
     * TimeRuler.formatAt(1_467_200_000L, 200_000);   // "1.4672 s"
     * TimeRuler.formatAt(1_467_104_321L, 1);         // "1.467104321 s"
     * }</pre>
     */
    public static String formatAt(long ns, long resolutionNs) {
        long a = Math.abs(ns);
        long unitNs = a >= 1_000_000_000L ? 1_000_000_000L : a >= 1_000_000L ? 1_000_000L : a >= 1_000L ? 1_000L : 1;
        String unit = unitNs == 1_000_000_000L ? "s" : unitNs == 1_000_000L ? "ms" : unitNs == 1_000L ? "µs" : "ns";
        if (unitNs == 1) {
            return ns + " ns";
        }
        int decimals = (int) Math.max(0, Math.ceil(Math.log10((double) unitNs / Math.max(1, resolutionNs)) - 1e-9));
        java.math.BigDecimal v = java.math.BigDecimal.valueOf(ns).movePointLeft((int) Math.log10(unitNs));
        // trailing zeros go ("1 s", "1.4672 s"): labels that differ still differ
        String t = v.setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
        if (t.indexOf('.') >= 0) {
            t = t.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return t + " " + unit;
    }

    /** A time or duration in the largest unit that keeps it ≥ 1, up to 3 significant decimals. */
    public static String format(long ns) {
        long a = Math.abs(ns);
        String unit;
        double v;
        if (a >= 1_000_000_000L) {
            v = ns / 1e9;
            unit = "s";
        } else if (a >= 1_000_000L) {
            v = ns / 1e6;
            unit = "ms";
        } else if (a >= 1_000L) {
            v = ns / 1e3;
            unit = "µs";
        } else {
            return ns + " ns";
        }
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + " " + unit;
    }
}
