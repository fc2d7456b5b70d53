package org.pmdi.analysis.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code --fail-on} rule of {@code pmdi diff}: when a comparison should fail a CI job.
 *
 * <pre>{@code
 * FailRule.parse("vdb:p99:+20%");          // total p99 of any vdb group, CI low bound > 1.20
 * FailRule.parse("vdb:driver:p99:+20%");   // the same for the in-driver phase
 * FailRule.parse("any:errors");            // any device whose failure rate got worse
 * List<String> why = rule.check(report);   // empty: the rule holds
 * }</pre>
 *
 * A latency rule trips on a change with enough samples whose interval's <em>lower</em> bound
 * is above 1 + P/100: a regression of at least P % at the report's confidence, never a point
 * estimate. The rule's P is its own minimum effect ({@code --min-effect} sets what the report
 * calls significant, not what a rule checks). An errors rule trips on {@link ErrorDiff#worse()}.
 *
 * @param device  a device name, or "any"
 * @param phase   "total" or a phase key; null for an errors rule
 * @param stat    "p50", "p90" or "p99"; null for an errors rule
 * @param percent the allowed growth in percent (≥ 0); 0 for an errors rule
 */
public record FailRule(String spec, String device, String phase, String stat, double percent) {
    /** Parses {@code DEV:errors}, {@code DEV:STAT:+P%} or {@code DEV:PHASE:STAT:+P%}. */
    public static FailRule parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("the rule must not be null");
        }
        String[] p = spec.trim().split(":", -1);
        String usage = "--fail-on must be DEV:errors, DEV:STAT:+P% or DEV:PHASE:STAT:+P% (DEV a device or any, STAT"
                + " p50, p90 or p99), was " + spec;
        if (p.length < 2 || p.length > 4 || p[0].isEmpty()) {
            throw new IllegalArgumentException(usage);
        }
        if (p.length == 2) {
            if (!p[1].equals("errors")) {
                throw new IllegalArgumentException(usage);
            }
            return new FailRule(spec, p[0], null, null, 0);
        }
        String phase = p.length == 4 ? p[1] : "total";
        if (!TraceDiff.PHASES.contains(phase)) {
            throw new IllegalArgumentException("phase must be one of " + TraceDiff.PHASES + ", was " + phase);
        }
        String stat = p[p.length - 2];
        Stat.of(stat);
        String pct = p[p.length - 1];
        if (!pct.startsWith("+") || !pct.endsWith("%")) {
            throw new IllegalArgumentException(usage);
        }
        double v;
        try {
            v = Double.parseDouble(pct.substring(1, pct.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage);
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("the growth must be a percentage >= 0, was " + pct);
        }
        return new FailRule(spec, p[0], phase, stat, v);
    }

    /** A rule that tripped and what tripped it, in words. */
    public record Result(FailRule rule, List<String> what) {
        public Result {
            what = List.copyOf(what);
        }
    }

    /** The rules of {@code rules} that {@code r} trips, in order. */
    public static List<Result> tripped(List<FailRule> rules, DiffReport r) {
        List<Result> out = new ArrayList<>();
        for (FailRule f : rules) {
            List<String> w = f.check(r);
            if (!w.isEmpty()) {
                out.add(new Result(f, w));
            }
        }
        return out;
    }

    /** Whether this is a {@code DEV:errors} rule. */
    public boolean errors() {
        return stat == null;
    }

    private boolean matches(String name) {
        return device.equals("any") || device.equals(name);
    }

    /** Whether the rule names "any" or a device one of the traces has (a guard against typos). */
    public boolean knows(DiffReport r) {
        return device.equals("any") || r.groups().stream().anyMatch(g -> g.key().device().equals(device))
                || r.errors().stream().anyMatch(e -> e.device().equals(device))
                || r.devicesOnlyInBase().contains(device) || r.devicesOnlyInNew().contains(device);
    }

    /** What trips the rule in {@code r}, in words; empty when it holds. */
    public List<String> check(DiffReport r) {
        List<String> out = new ArrayList<>();
        if (errors()) {
            for (ErrorDiff e : r.errors()) {
                if (matches(e.device()) && e.worse()) {
                    out.add(e.words());
                }
            }
            return out;
        }
        double limit = 1 + percent / 100;
        for (Change c : r.changes()) {
            if (c.enoughSamples() && matches(c.group().device()) && c.phase().equals(phase) && c.stat().equals(stat)
                    && c.ciLow() > limit) {
                out.add(c.words(r.config()) + String.format(Locale.ROOT, ": lower bound %s× > %s×",
                        Words.number(c.ciLow()), Words.number(limit)));
            }
        }
        return out;
    }
}
