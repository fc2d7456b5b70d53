package org.pmdi.analysis.diff;

/**
 * The compared statistics, each with the fewest requests a side needs before its percentile
 * is compared: below that, the percentile is (nearly) the side's maximum, a single request,
 * and says nothing about the distribution. p50 needs 10, p90 50, p99 500 (the percentile then
 * has at least 5 requests above it).
 *
 * <pre>{@code
 * Stat.P99.enough(base.count(), neu.count());
 * }</pre>
 */
public enum Stat {
    P50("p50", 50, 10),
    P90("p90", 90, 50),
    P99("p99", 99, 500);

    private final String key;
    private final double percentile;
    private final long minSamples;

    Stat(String key, double percentile, long minSamples) {
        this.key = key;
        this.percentile = percentile;
        this.minSamples = minSamples;
    }

    /** "p50", "p90", "p99". */
    public String key() {
        return key;
    }

    /** 50, 90, 99. */
    public double percentile() {
        return percentile;
    }

    /** The fewest requests a side needs for this statistic to be compared. */
    public long minSamples() {
        return minSamples;
    }

    /** Whether both sides have enough requests. */
    public boolean enough(long baseCount, long newCount) {
        return baseCount >= minSamples && newCount >= minSamples;
    }

    /** The statistic named {@code key}, or an IllegalArgumentException. */
    public static Stat of(String key) {
        for (Stat s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("statistic must be p50, p90 or p99, was " + key);
    }
}
