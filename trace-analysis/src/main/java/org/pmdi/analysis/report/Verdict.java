package org.pmdi.analysis.report;

import java.util.List;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.FailureCause;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;

/**
 * Whether a report fails (exit 1): a broken budget, or an error finding that no budget
 * excuses. An error budget that holds on a device excuses that device's failures: its
 * {@code DRIVER_ERRORS}, and {@code MALFORMED_REQUESTS} when every device the malformed
 * requests were sent to has one (a test that injects errors says how many it expects).
 *
 * <pre>{@code
 * boolean fails = Verdict.fails(snapshot, results);   // results of Budget.check
 * }</pre>
 */
public final class Verdict {
    private Verdict() {
    }

    /** True when a budget is broken or an error finding is not excused. */
    public static boolean fails(AnalysisSnapshot s, List<Budget.Result> results) {
        if (results.stream().anyMatch(Budget.Result::broken)) {
            return true;
        }
        return s.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR && !excused(f, s, results));
    }

    /** True when error budgets that hold cover every device of {@code f}, a finding of failures. */
    public static boolean excused(Finding f, AnalysisSnapshot s, List<Budget.Result> results) {
        if (f.kind() == FindingKind.DRIVER_ERRORS) {
            return budgeted(f.device(), s, results);
        }
        if (f.kind() == FindingKind.MALFORMED_REQUESTS) {
            List<DeviceErrors> sent = s.errors().stream().filter(e -> e.count(FailureCause.Kind.MALFORMED) > 0)
                    .toList();
            return !sent.isEmpty() && sent.stream().allMatch(e -> budgeted(e.device(), s, results));
        }
        return false;
    }

    /** An error budget on {@code device} was given and holds. */
    private static boolean budgeted(int device, AnalysisSnapshot s, List<Budget.Result> results) {
        boolean any = false;
        for (Budget.Result r : results) {
            if (r.budget() instanceof ErrorBudget b) {
                DeviceInfo d = s.device(b.device());
                if (d != null && d.id() == device) {
                    if (r.broken()) {
                        return false;
                    }
                    any = true;
                }
            }
        }
        return any;
    }
}
