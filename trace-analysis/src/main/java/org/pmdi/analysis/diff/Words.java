package org.pmdi.analysis.diff;

import java.util.Locale;
import org.pmdi.analysis.request.Phase;

/** Plain-words formatting of the comparison: short durations, ratios, phase names. */
final class Words {
    private Words() {
    }

    /** "850 ns", "4.6 ms", "146 ms", "2.3 s": two significant digits below 10, whole units above. */
    static String duration(long ns) {
        long a = Math.abs(ns);
        String sign = ns < 0 ? "-" : "";
        if (a < 1_000) {
            return sign + a + " ns";
        }
        if (a < 1_000_000) {
            return sign + number(a / 1e3) + " µs";
        }
        if (a < 1_000_000_000) {
            return sign + number(a / 1e6) + " ms";
        }
        return sign + number(a / 1e9) + " s";
    }

    /** "31", "4.6", "0.25", "1.0": two significant digits, or a whole number from 10 up. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "?";
        }
        double a = Math.abs(v);
        if (a >= 9.95) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 0.995 || a == 0) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        // two significant digits below 1 (0.25, 0.031)
        int decimals = 1 - (int) Math.floor(Math.log10(a));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** "total", "in-driver", "dispatch-wait", ... for a phase key or "total". */
    static String phase(String key) {
        if (key.equals(Phase.DRIVER.key())) {
            return "in-driver";
        }
        return key.replace('_', '-');
    }

    /** "95%" for 0.95, "99.9%" for 0.999. */
    static String percent(double fraction) {
        double p = fraction * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%s", p))
                + "%";
    }
}
