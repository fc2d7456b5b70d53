package org.pmdi.analysis.diff;

/**
 * Settings of a comparison.
 *
 * <pre>{@code
 * DiffConfig c = DiffConfig.defaults().withMinEffect(1.5);
 * }</pre>
 *
 * @param minEffect  smallest ratio worth reporting (&gt; 1): a change is significant only when its
 *                   whole confidence interval lies above it or below its inverse (default 1.25)
 * @param confidence family-wise confidence of the intervals, 0..1 exclusive (default 0.95)
 * @param rounds     bootstrap rounds per side and statistic (at least 100, default 1000; more
 *                   are drawn when the corrected level needs them, see {@link PercentileBootstrap})
 * @param seed       the bootstrap's random seed: the same inputs and seed give the same report
 * @param resolutionNs values are compared at no finer than this (a smaller one counts as this
 *                   much; default {@value #DEFAULT_RESOLUTION_NS} ns): see
 *                   {@link #DEFAULT_RESOLUTION_NS}
 */
public record DiffConfig(double minEffect, double confidence, int rounds, long seed, long resolutionNs) {
    /** The seed of {@link #defaults()}. */
    public static final long DEFAULT_SEED = 0x9e3779b97f4a7c15L;
    /**
     * 10 µs. Below that, a ratio says more about the board than the code: phases that cross
     * from the AP's clock to Linux's carry the clock sync's uncertainty (typically 1.4–2.5 µs,
     * hundreds in a bad round), the emulated board jitters by µs from boot to boot (two boots
     * of one workload differ by 1.5× in the null device's 2 µs driver call), and a phase of 0
     * (a suppressed doorbell) has no ratio at all.
     */
    public static final long DEFAULT_RESOLUTION_NS = 10_000;

    /** Settings with the default resolution. */
    public DiffConfig(double minEffect, double confidence, int rounds, long seed) {
        this(minEffect, confidence, rounds, seed, DEFAULT_RESOLUTION_NS);
    }

    public DiffConfig {
        if (resolutionNs < 1) {
            throw new IllegalArgumentException("resolutionNs must be >= 1, was " + resolutionNs);
        }
        if (!(minEffect > 1) || Double.isInfinite(minEffect)) {
            throw new IllegalArgumentException("minEffect must be a finite number > 1, was " + minEffect);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
        if (rounds < 100) {
            throw new IllegalArgumentException("rounds must be >= 100, was " + rounds);
        }
    }

    /** Minimum effect 1.25, 95 % confidence, 1000 rounds, a fixed seed, 10 µs resolution. */
    public static DiffConfig defaults() {
        return new DiffConfig(1.25, 0.95, 1000, DEFAULT_SEED);
    }

    public DiffConfig withMinEffect(double minEffect) {
        return new DiffConfig(minEffect, confidence, rounds, seed, resolutionNs);
    }

    public DiffConfig withConfidence(double confidence) {
        return new DiffConfig(minEffect, confidence, rounds, seed, resolutionNs);
    }

    public DiffConfig withRounds(int rounds) {
        return new DiffConfig(minEffect, confidence, rounds, seed, resolutionNs);
    }

    public DiffConfig withSeed(long seed) {
        return new DiffConfig(minEffect, confidence, rounds, seed, resolutionNs);
    }

    public DiffConfig withResolutionNs(long resolutionNs) {
        return new DiffConfig(minEffect, confidence, rounds, seed, resolutionNs);
    }
}
