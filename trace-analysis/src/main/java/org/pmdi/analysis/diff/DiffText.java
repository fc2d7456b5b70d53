package org.pmdi.analysis.diff;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The comparison in plain words: the two traces, the significant changes (biggest regression
 * first), failure rates, findings that appeared or disappeared, devices and groups on one side
 * only, and "no significant change" when nothing changed. Deterministic for a report.
 *
 * <pre>{@code
 * DiffText.write(report, List.of(), new PrintWriter(System.out, true));
 * }</pre>
 */
public final class DiffText {
    private DiffText() {
    }

    /** A side that lost events: its groups may miss requests, so say it before any number. */
    private static void lossWarning(String side, String loss, PrintWriter out) {
        if (!loss.isEmpty()) {
            out.printf(Locale.ROOT, "warning: the %s trace lost events (%s); its statistics may miss requests%n", side,
                    loss);
        }
    }

    /** Writes {@code r}, then the {@code --fail-on} rules that tripped ({@code tripped}: rule, what). */
    public static void write(DiffReport r, List<FailRule.Result> tripped, PrintWriter out) {
        write(r, tripped, false, out);
    }

    /** As {@link #write(DiffReport, List, PrintWriter)}; {@code all}: every group's table too ({@link DiffTables}). */
    public static void write(DiffReport r, List<FailRule.Result> tripped, boolean all, PrintWriter out) {
        DiffConfig c = r.config();
        out.printf(Locale.ROOT, "base: %s (%d events)%n", r.basePath(), r.baseEvents());
        out.printf(Locale.ROOT, "new:  %s (%d events)%n", r.newPath(), r.newEvents());
        lossWarning("base", r.baseLoss(), out);
        lossWarning("new", r.newLoss(), out);
        Set<String> both = new TreeSet<>();
        r.groups().stream().filter(g -> g.inBase() && g.inNew()).forEach(g -> both.add(g.key().device()));
        out.printf(Locale.ROOT, "devices with requests on both sides: %s%s%s%n",
                both.isEmpty() ? "none" : String.join(", ", both),
                r.devicesOnlyInBase().isEmpty() ? "" : "; only in base: " + String.join(", ", r.devicesOnlyInBase()),
                r.devicesOnlyInNew().isEmpty() ? "" : "; only in new: " + String.join(", ", r.devicesOnlyInNew()));
        long groupsBoth = r.groups().stream().filter(g -> g.inBase() && g.inNew()).count();
        long few = r.changes().stream().filter(x -> !x.enoughSamples()).count();
        out.printf(Locale.ROOT, "compared: %d group%s (device, op, size class) on both sides, %d statistics with enough"
                + " requests (%d with too few); %s intervals corrected for %d comparisons; minimum effect %s×; values"
                + " below %s count as %s%n",
                groupsBoth, groupsBoth == 1 ? "" : "s", r.comparisons(), few, Words.percent(c.confidence()),
                r.comparisons(),
                new BigDecimal(Double.toString(c.minEffect())).stripTrailingZeros().toPlainString(),
                Words.duration(c.resolutionNs()), Words.duration(c.resolutionNs()));
        out.println();
        List<Change> sig = r.significant();
        out.println("Significant changes" + (sig.isEmpty() ? ": none" : ""));
        for (Change x : sig) {
            out.println("  " + x.words(c));
        }
        out.println();
        List<ErrorDiff> failing = r.errors().stream().filter(e -> e.baseFailed() > 0 || e.newFailed() > 0).toList();
        out.println("Failed requests" + (failing.isEmpty() ? ": none on either side" : ""));
        for (ErrorDiff e : failing) {
            out.println("  " + e.words());
        }
        out.println();
        out.println("Findings" + (r.findings().isEmpty() ? ": the same kinds on both sides" : ""));
        for (FindingDiff f : r.findings()) {
            out.println("  " + f.words());
        }
        if (!r.devicesOnlyInBase().isEmpty() || !r.devicesOnlyInNew().isEmpty()) {
            out.println();
        }
        if (!r.devicesOnlyInBase().isEmpty()) {
            out.println("Devices only in base: " + String.join(", ", r.devicesOnlyInBase()));
        }
        if (!r.devicesOnlyInNew().isEmpty()) {
            out.println("Devices only in new: " + String.join(", ", r.devicesOnlyInNew()));
        }
        List<String> onlyBase = r.groups().stream().filter(g -> !g.inNew()).map(g -> g.key().words()).toList();
        List<String> onlyNew = r.groups().stream().filter(g -> !g.inBase()).map(g -> g.key().words()).toList();
        if (!onlyBase.isEmpty() || !onlyNew.isEmpty()) {
            out.println();
        }
        if (!onlyBase.isEmpty()) {
            out.println("Requests only in base (not compared): " + String.join(", ", onlyBase));
        }
        if (!onlyNew.isEmpty()) {
            out.println("Requests only in new (not compared): " + String.join(", ", onlyNew));
        }
        if (sig.isEmpty() && r.worseErrors().isEmpty()) {
            out.println();
            out.println("no significant change");
        }
        if (all) {
            out.println();
            DiffTables.write(r, out);
        }
        if (!tripped.isEmpty()) {
            out.println();
            for (FailRule.Result t : tripped) {
                for (String w : t.what()) {
                    out.println("FAIL " + t.rule().spec() + ": " + w);
                }
            }
        }
        out.flush();
    }
}
