package org.pmdi.analysis.report;

import java.util.Locale;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.ErrorFindings;

/**
 * A budget on a device's failed requests, every cause counted (driver errors and refusals):
 * {@code vda=errors:0} (none may fail), {@code vdb=errors:10} (at most 10), {@code
 * vdb=errors:0.5%} (at most 0.5 % of its answered requests). A device with an error budget
 * that holds does not fail the report for its driver errors or malformed requests: the
 * budget says how many failures are expected (e.g. behind an error injector).
 *
 * <pre>{@code
 * ErrorBudget b = ErrorBudget.parse("vdb=errors:2.5%");
 * Budget.Result r = b.check(snapshot);
 * }</pre>
 *
 * @param device    name or decimal id, not empty
 * @param maxFailed most failed requests allowed (≥ 0), or -1 when the budget is a rate
 * @param maxRate   highest error rate allowed (0..1), or -1 when the budget is a count
 */
public record ErrorBudget(String device, long maxFailed, double maxRate) implements Budget {
    public ErrorBudget {
        if (device == null || device.isEmpty()) {
            throw new IllegalArgumentException("device must not be empty");
        }
        if ((maxFailed < 0) == (maxRate < 0) || maxRate > 1 || Double.isNaN(maxRate)) {
            throw new IllegalArgumentException("exactly one of maxFailed (>= 0) and maxRate (0..1) must be set, was "
                    + maxFailed + " and " + maxRate);
        }
    }

    /** Parses {@code DEV=errors:N} or {@code DEV=errors:P%}. */
    public static ErrorBudget parse(String text) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq <= 0 || !text.startsWith("errors:", eq + 1)) {
            throw new IllegalArgumentException("budget must look like DEV=errors:N or DEV=errors:P% (e.g. vdb=errors:0),"
                    + " was " + text);
        }
        String v = text.substring(eq + 1 + "errors:".length()).strip();
        String device = text.substring(0, eq);
        try {
            if (v.endsWith("%")) {
                double p = Double.parseDouble(v.substring(0, v.length() - 1).strip());
                if (!(p >= 0 && p <= 100)) {
                    throw new IllegalArgumentException("an error-rate budget must be 0..100 %, was " + text);
                }
                return new ErrorBudget(device, -1, p / 100);
            }
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new IllegalArgumentException("an error budget must be >= 0, was " + text);
            }
            return new ErrorBudget(device, n, -1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an error budget must be a count or a percentage (errors:0, errors:10,"
                    + " errors:0.5%), was " + text);
        }
    }

    /** True for a rate budget ({@code errors:P%}). */
    public boolean isRate() {
        return maxRate >= 0;
    }

    /** The limit as given: "0", "10" or "0.5 %". */
    public String limitText() {
        return isRate() ? String.format(Locale.ROOT, "%s %%", strip(maxRate * 100)) : Long.toString(maxFailed);
    }

    private static String strip(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public Result check(AnalysisSnapshot s) {
        DeviceInfo d = s.device(device);
        if (d == null) {
            return new Result(this, -1, true, "no device " + device + " in the trace");
        }
        DeviceErrors e = s.errors(d.id());
        long failed = e == null ? 0 : e.failed();
        long requests = e == null ? 0 : e.requests();
        double rate = e == null ? 0 : e.errorRate();
        boolean broken = isRate() ? rate > maxRate : failed > maxFailed;
        String actual = failed + " of " + requests + " failed (" + ErrorFindings.percent(rate) + ")";
        return new Result(this, -1, broken, device + " errors: " + actual + (broken ? ", more than " : ", within ")
                + limitText() + (e == null || e.failed() == 0 ? "" : "; " + e.reasonsText()));
    }
}
