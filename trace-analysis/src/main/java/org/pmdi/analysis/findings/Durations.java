package org.pmdi.analysis.findings;

import java.util.Locale;

/**
 * Human durations: formatting ns for reports and parsing "250ms", "1.5s", "20us", "300ns"
 * (a bare number is ns).
 *
 * <pre>{@code
 * Durations.format(1_500_000);   // "1.50 ms"
 * Durations.parse("2s");         // 2_000_000_000
 * }</pre>
 */
public final class Durations {
    private Durations() {
    }

    /** Three significant-ish digits with a unit; negative values keep their sign. */
    public static String format(long ns) {
        long a = Math.abs(ns);
        String sign = ns < 0 ? "-" : "";
        if (a < 1_000) {
            return sign + a + " ns";
        }
        if (a < 1_000_000) {
            return sign + String.format(Locale.ROOT, "%.2f us", a / 1e3);
        }
        if (a < 1_000_000_000) {
            return sign + String.format(Locale.ROOT, "%.2f ms", a / 1e6);
        }
        return sign + String.format(Locale.ROOT, "%.3f s", a / 1e9);
    }

    /** Parses a duration (not null) into ns; units ns, us, ms, s; a bare number is ns. */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        double mult = 1;
        String num = t;
        if (t.endsWith("ns")) {
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            mult = 1e3;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ms")) {
            mult = 1e6;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            mult = 1e9;
            num = t.substring(0, t.length() - 1);
        }
        try {
            return Math.round(Double.parseDouble(num.trim()) * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("text must be a duration such as 250ms or 1.5s, was " + text);
        }
    }
}
