package org.pmdi.analysis.diff;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Every group of a comparison as a table ({@code ./pmdi diff --all}): per phase, each side's
 * count and p50/p90/p99/max, and the ratio of each compared percentile with its mark (▲ a
 * significant regression, ▼ a significant improvement, ? too few requests to tell).
 *
 * <pre>{@code
 * DiffTables.write(report, out);
 * //  vdb read 64 KiB: 618 → 525 requests (15 → 13 /s)
 * //    phase          base p50/p90/p99/max            new p50/p90/p99/max      p50     p90     p99
 * //    in-driver      594 µs 1.0 ms 18 ms 25 ms        67 ms 134 ms 165 ms ...   113×▲   132×▲   9.2×▲
 * }</pre>
 */
public final class DiffTables {
    private DiffTables() {
    }

    /** Writes one table per group, the groups in the report's order. */
    public static void write(DiffReport r, PrintWriter out) {
        out.println("All groups (base → new; ▲ significant regression, ▼ significant improvement,"
                + " ? too few requests to tell)");
        for (GroupDiff g : r.groups()) {
            out.println();
            SideStats bt = g.base().get("total");
            SideStats nt = g.neu().get("total");
            out.printf(Locale.ROOT, "  %s: %s → %s requests (%s → %s /s)%n", g.key().words(), count(bt), count(nt),
                    rate(bt), rate(nt));
            out.printf(Locale.ROOT, "    %-14s %-34s %-34s %8s %8s %8s%n", "phase", "base p50 p90 p99 max",
                    "new p50 p90 p99 max", "p50", "p90", "p99");
            for (String phase : TraceDiff.PHASES) {
                SideStats b = g.base().get(phase);
                SideStats n = g.neu().get(phase);
                if (b == null && n == null) {
                    continue;
                }
                StringBuilder ratios = new StringBuilder();
                for (Stat stat : Stat.values()) {
                    ratios.append(String.format(Locale.ROOT, " %8s", ratio(g, phase, stat.key())));
                }
                out.printf(Locale.ROOT, "    %-14s %-34s %-34s%s%n", Words.phase(phase), stats(b), stats(n), ratios);
            }
        }
        out.flush();
    }

    private static String count(SideStats s) {
        return s == null ? "0" : Long.toString(s.count());
    }

    private static String rate(SideStats s) {
        return s == null ? "0" : Words.number(s.perSecond());
    }

    private static String stats(SideStats s) {
        if (s == null || s.count() == 0) {
            return "—";
        }
        return Words.duration(s.p50Ns()) + " " + Words.duration(s.p90Ns()) + " " + Words.duration(s.p99Ns()) + " "
                + Words.duration(s.maxNs());
    }

    /** "113×▲", "0.63×▼", "1.1×", "?" (too few), "" (not compared). */
    private static String ratio(GroupDiff g, String phase, String stat) {
        for (Change c : g.changes()) {
            if (c.phase().equals(phase) && c.stat().equals(stat)) {
                if (!c.enoughSamples()) {
                    return "?";
                }
                return Words.number(c.ratio()) + "×" + (c.regression() ? "▲" : c.improvement() ? "▼" : "");
            }
        }
        return "";
    }
}
