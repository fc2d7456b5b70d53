package org.pmdi.analysis.report;

import org.pmdi.analysis.AnalysisSnapshot;

/**
 * A budget from the command line, on one device: its latency ({@code vdb=p99:5}, a
 * {@link LatencyBudget}) or its failed requests ({@code vdb=errors:0}, {@code errors:10},
 * {@code errors:0.5%}, an {@link ErrorBudget}). DEV is a device name or id.
 *
 * <pre>{@code
 * Budget b = Budget.parse("vda=errors:0");
 * Budget.Result r = b.check(snapshot);    // r.broken(), r.message()
 * }</pre>
 */
public sealed interface Budget permits LatencyBudget, ErrorBudget {
    /** The device's name or decimal id, as given. */
    String device();

    /** Checks the budget against {@code s}; a device not in the trace breaks it. */
    Result check(AnalysisSnapshot s);

    /** Parses {@code DEV=PCT:MS} or {@code DEV=errors:N} / {@code DEV=errors:P%}. */
    static Budget parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        int eq = text.indexOf('=');
        if (eq > 0 && text.startsWith("errors:", eq + 1)) {
            return ErrorBudget.parse(text);
        }
        return LatencyBudget.parse(text);
    }

    /**
     * The outcome of checking a budget.
     *
     * @param actualNs a latency budget's measured value, -1 when the device has no requests
     *                 and for an error budget (its numbers are the snapshot's {@code errors})
     * @param message  plain words: what was measured against what
     */
    record Result(Budget budget, long actualNs, boolean broken, String message) {
    }
}
