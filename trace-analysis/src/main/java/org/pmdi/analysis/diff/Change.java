package org.pmdi.analysis.diff;

/**
 * One compared statistic of one group and phase: both values, their ratio new/base and its
 * confidence interval (already corrected for the number of comparisons made).
 *
 * <pre>{@code
 * if (c.regression()) System.out.println(c.words());
 * // vdb read 64 KiB: in-driver p99 4.6 ms → 146 ms, 31× (95% CI 25–38×)
 * }</pre>
 *
 * @param phase         "total" or a {@link org.pmdi.analysis.request.Phase} key
 * @param stat          "p50", "p90" or "p99"
 * @param ratio         newNs / baseNs (each at least {@link DiffConfig#resolutionNs()})
 * @param ciLow         lower bound of the ratio's interval, NaN when not enough samples
 * @param ciHigh        upper bound, NaN when not enough samples
 * @param enoughSamples both sides have enough requests for this percentile ({@link Stat})
 * @param significant   enough samples and the interval lies wholly above the minimum effect
 *                      or wholly below its inverse
 */
public record Change(GroupKey group, String phase, String stat, long baseNs, long newNs, double ratio, double ciLow,
        double ciHigh, boolean enoughSamples, boolean significant) {

    public Change {
        if (group == null || phase == null || stat == null) {
            throw new IllegalArgumentException("group, phase and stat must not be null");
        }
        if (significant && !enoughSamples) {
            throw new IllegalArgumentException("a change without enough samples cannot be significant");
        }
    }

    /** Significant and slower: the whole interval above 1 (above the minimum effect). */
    public boolean regression() {
        return significant && ciLow > 1;
    }

    /** Significant and faster. */
    public boolean improvement() {
        return significant && ciHigh < 1;
    }

    /**
     * "vdb read 64 KiB: in-driver p99 4.6 ms → 146 ms, 31× (95% CI 25–38×)", for intervals made
     * at the default confidence (0.95).
     */
    public String words() {
        return words(DiffConfig.defaults().confidence());
    }

    /** As {@link #words()}, naming the interval's {@code confidence} (the report's config). */
    public String words(double confidence) {
        return words(confidence, 0);
    }

    /**
     * As {@link #words()} for a report made with {@code config}: a value below its resolution
     * reads "&lt;10 µs", as it was compared ("0 ns → 13 µs, 1.3×" would look wrong).
     */
    public String words(DiffConfig config) {
        return words(config.confidence(), config.resolutionNs());
    }

    private String words(double confidence, long resolutionNs) {
        String s = group.words() + ": " + Words.phase(phase) + " " + stat + " " + value(baseNs, resolutionNs) + " → "
                + value(newNs, resolutionNs) + ", " + Words.number(ratio) + "×";
        if (Double.isNaN(ciLow)) {
            return s + " (too few requests to tell)";
        }
        return s + " (" + Words.percent(confidence) + " CI " + Words.number(ciLow) + "–" + Words.number(ciHigh)
                + "×)";
    }

    private static String value(long ns, long resolutionNs) {
        return ns < resolutionNs ? "<" + Words.duration(resolutionNs) : Words.duration(ns);
    }
}
