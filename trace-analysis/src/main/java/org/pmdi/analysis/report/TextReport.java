package org.pmdi.analysis.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.ErrorFindings;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.latency.WindowSummary;

/**
 * The readable report: devices, failed requests per device, the latency table of successful
 * requests (total and per phase), findings, the stuck list and budget results. Deterministic for a given snapshot (diff-testable).
 *
 * <pre>{@code
 * TextReport.write(snapshot, budgets, new PrintWriter(System.out));
 * }</pre>
 */
public final class TextReport {
    /** STUCK_UNCERTAIN findings printed in full; the rest are counted. */
    static final int MAX_UNCERTAIN = 5;

    private TextReport() {
    }

    public static void write(AnalysisSnapshot s, List<Budget.Result> budgets, PrintWriter out) {
        out.printf(Locale.ROOT, "trace: %d events, %d requests completed, %d open, span %s%n", s.events(),
                s.completed(), s.openRequests(), Durations.format(s.nowNs()));
        out.printf(Locale.ROOT, "clock: %d sync(s), largest uncertainty %s%n", s.clockSyncs(),
                Durations.format(s.clockUncertaintyNs()));
        out.println();
        out.println("devices");
        out.printf(Locale.ROOT, "  %-4s %-10s %-14s %-8s %9s %6s%n", "id", "name", "driver", "class", "ok",
                "depth");
        for (DeviceInfo d : s.devices()) {
            out.printf(Locale.ROOT, "  %-4d %-10s %-14s %-8s %9d %6d%n", d.id(), d.name(), d.driver(),
                    d.deviceClass(), d.completed(), d.queueDepth());
        }
        errors(s, out);
        out.println();
        out.println("latency (us, successful requests)");
        out.printf(Locale.ROOT, "  %-10s %-14s %9s %10s %10s %10s %10s %10s %10s%n", "device", "phase", "count",
                "req/s", "p50", "p90", "p99", "p99.9", "max");
        for (LatencySummary l : s.latency()) {
            if (l.count() == 0) {
                continue;
            }
            DeviceInfo d = s.device(l.device());
            out.printf(Locale.ROOT, "  %-10s %-14s %9d %10.1f %10s %10s %10s %10s %10s%n",
                    d == null ? Integer.toString(l.device()) : d.name(), l.phase(), l.count(), l.perSecond(),
                    us(l.p50Ns()), us(l.p90Ns()), us(l.p99Ns()), us(l.p999Ns()), us(l.maxNs()));
        }
        windows(s, out);
        out.println();
        List<Finding> f = s.findings();
        out.println("findings" + (f.isEmpty() ? ": none" : ""));
        int uncertain = 0;
        for (Finding x : f) {
            if (x.kind() == FindingKind.STUCK_UNCERTAIN && ++uncertain > MAX_UNCERTAIN) {
                continue; // after a loss there may be hundreds: the first few, then a count
            }
            out.printf(Locale.ROOT, "  [%s] %s: %s%n", x.severity(), x.kind(), x.summary());
            if (x.severity() == Severity.ERROR && Verdict.excused(x, s, budgets)) {
                out.println("      within its device's error budget: does not fail the report");
            }
            for (String e : x.evidence()) {
                out.println("      " + e);
            }
        }
        if (uncertain > MAX_UNCERTAIN) {
            out.printf(Locale.ROOT, "  [INFO] STUCK_UNCERTAIN: %d more outstanding request(s) it cannot tell (--json"
                    + " lists them all)%n", uncertain - MAX_UNCERTAIN);
        }
        out.println();
        out.println("stuck requests" + (s.stuck().isEmpty() ? ": none" : ""));
        for (StuckRequest st : s.stuck()) {
            DeviceInfo d = s.device(st.request().device());
            out.printf(Locale.ROOT, "  req %d on %s, outstanding %s: %s%n      %s%n", st.request().id(),
                    d == null ? "unknown device" : d.name(), Durations.format(st.ageNs()), st.reason().words(),
                    st.detail());
        }
        if (!budgets.isEmpty()) {
            out.println();
            out.println("budgets");
            for (Budget.Result b : budgets) {
                out.printf(Locale.ROOT, "  %s %s%n", b.broken() ? "BROKEN" : "ok", b.message());
            }
        }
        out.flush();
    }

    /**
     * Per device with answered requests: how many failed, the rate, when, why; then the
     * latency of the failed ones (kept out of the latency table). One line when none failed.
     */
    private static void errors(AnalysisSnapshot s, PrintWriter out) {
        out.println();
        if (s.errors().stream().allMatch(e -> e.failed() == 0)) {
            out.println("failed requests: none");
            return;
        }
        out.println("failed requests");
        out.printf(Locale.ROOT, "  %-10s %9s %8s %9s %12s %12s  %s%n", "device", "requests", "failed", "rate",
                "first", "last", "by reason (status)");
        for (DeviceErrors e : s.errors()) {
            boolean any = e.failed() > 0;
            out.printf(Locale.ROOT, "  %-10s %9d %8d %9s %12s %12s  %s%n", name(s, e.device()), e.requests(),
                    e.failed(), ErrorFindings.percent(e.errorRate()), any ? Durations.format(e.firstFailureNs()) : "-",
                    any ? Durations.format(e.lastFailureNs()) : "-", any ? e.reasonsText() : "-");
        }
        out.println("  latency of failed requests (us)");
        for (DeviceErrors e : s.errors()) {
            LatencySummary l = e.failedLatency();
            if (l.count() > 0) {
                out.printf(Locale.ROOT, "  %-10s %-14s %9d %10s %10s %10s %10s %10s %10s%n", name(s, e.device()),
                        "failed", l.count(), "", us(l.p50Ns()), us(l.p90Ns()), us(l.p99Ns()), us(l.p999Ns()),
                        us(l.maxNs()));
            }
        }
    }

    private static String name(AnalysisSnapshot s, int id) {
        DeviceInfo d = s.device(id);
        return d == null ? Integer.toString(id) : d.name();
    }

    /** Per device with two or more windows: the window with the highest p99 (total latency). */
    private static void windows(AnalysisSnapshot s, PrintWriter out) {
        boolean header = false;
        for (var e : s.windows().entrySet()) {
            List<WindowSummary> w = e.getValue();
            if (w.size() < 2) {
                continue;
            }
            if (!header) {
                out.println();
                out.println("worst window (total latency, by completion time)");
                header = true;
            }
            WindowSummary worst = w.stream().max(java.util.Comparator.comparingLong(WindowSummary::p99Ns)).get();
            DeviceInfo d = s.device(e.getKey());
            out.printf(Locale.ROOT, "  %-10s %d windows of %s; worst from %s: %d requests, p99 %s us, max %s us%n",
                    d == null ? Integer.toString(e.getKey()) : d.name(), w.size(), Durations.format(worst.lengthNs()),
                    Durations.format(worst.startNs()), worst.count(), us(worst.p99Ns()), us(worst.maxNs()));
        }
    }

    private static String us(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1e3);
    }
}
