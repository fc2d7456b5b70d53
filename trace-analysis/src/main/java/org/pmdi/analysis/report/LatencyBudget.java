package org.pmdi.analysis.report;

import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.latency.LatencySummary;

/**
 * A latency budget from the command line: {@code DEV=PCT:MS}, e.g. {@code vdb=p99:5} (the
 * total latency's p99 of vdb's successful requests must be at most 5 ms). PCT is p50, p90,
 * p99, p999 or max; MS may have decimals; DEV is a device name or id.
 *
 * <pre>{@code
 * Budget b = Budget.parse("vda=p99:2.5");   // a LatencyBudget
 * Budget.Result r = b.check(snapshot);      // r.broken()
 * }</pre>
 *
 * @param device     name or decimal id, not empty
 * @param percentile p50, p90, p99, p999 or max
 * @param limitNs    > 0
 */
public record LatencyBudget(String device, String percentile, long limitNs) implements Budget {
    public LatencyBudget {
        if (device == null || device.isEmpty()) {
            throw new IllegalArgumentException("device must not be empty");
        }
        if (!java.util.Set.of("p50", "p90", "p99", "p999", "max").contains(percentile)) {
            throw new IllegalArgumentException("percentile must be p50, p90, p99, p999 or max, was " + percentile);
        }
        if (limitNs <= 0) {
            throw new IllegalArgumentException("limitNs must be > 0, was " + limitNs);
        }
    }

    /** Parses {@code DEV=PCT:MS}. */
    public static LatencyBudget parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        int eq = text.indexOf('=');
        int colon = text.indexOf(':', eq + 1);
        if (eq <= 0 || colon < 0) {
            throw new IllegalArgumentException("budget must look like DEV=p99:MS (e.g. vdb=p99:5), was " + text);
        }
        double ms;
        try {
            ms = Double.parseDouble(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("budget milliseconds must be a number, was " + text);
        }
        // NaN and values that round to 0 ns: a budget no latency can meet is a typo
        if (!(ms > 0) || Math.round(ms * 1e6) <= 0) {
            throw new IllegalArgumentException("budget milliseconds must be more than 0 (e.g. vdb=p99:5), was " + text);
        }
        return new LatencyBudget(text.substring(0, eq), text.substring(eq + 1, colon).replace("p99.9", "p999"),
                Math.round(ms * 1e6));
    }

    /** Checks the snapshot's total latency of the device; an unknown device breaks the budget. */
    @Override
    public Result check(AnalysisSnapshot s) {
        DeviceInfo d = s.device(device);
        if (d == null) {
            return new Result(this, -1, true, "no device " + device + " in the trace");
        }
        LatencySummary l = s.latency(d.id(), "total");
        if (l == null || l.count() == 0) {
            return new Result(this, -1, false, "no completed request on " + device);
        }
        long v = l.percentileNs(percentile);
        boolean broken = v > limitNs;
        return new Result(this, v, broken, device + " " + percentile + " " + org.pmdi.analysis.findings.Durations.format(v)
                + (broken ? " > " : " <= ") + org.pmdi.analysis.findings.Durations.format(limitNs));
    }
}
