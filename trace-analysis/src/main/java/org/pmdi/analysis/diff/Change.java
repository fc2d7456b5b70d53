package org.pmdi.analysis.diff;

import java.util.Locale;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.request.Phase;

/**
 * One compared statistic: a group, a phase key ("total" or {@link Phase#key()}), a
 * statistic ("p50", "p90", "p99"), both values and the new/base ratio with its confidence
 * interval (already corrected for the number of comparisons). Significant: enough samples
 * on both sides for that percentile and the interval wholly above minEffect or wholly below
 * 1/minEffect.
 *
 * <pre>{@code
 * c.words();   // "vdb read 64 KiB: in-driver p99 4.6 ms → 146 ms, 31× (95% CI 25–38×)"
 * }</pre>
 */
public record Change(GroupKey group, String phase, String stat, long baseNs, long newNs, double ratio, double ciLow,
        double ciHigh, boolean enoughSamples, boolean significant) {

    public boolean regression() {
        return significant && ciLow > 1;
    }

    public String words() {
        return String.format(Locale.ROOT, "%s: %s %s %s → %s, %s× (CI %s–%s×)", group.words(), phaseWords(phase), stat,
                Durations.format(baseNs), Durations.format(newNs), num(ratio), num(ciLow), num(ciHigh));
    }

    /** "total", or a phase's words joined by hyphens ("in-driver"). */
    private static String phaseWords(String key) {
        for (Phase p : Phase.values()) {
            if (p.key().equals(key)) {
                return p.label().replace(' ', '-');
            }
        }
        return key;
    }

    private static String num(double r) {
        return r >= 10 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.2f", r);
    }
}
