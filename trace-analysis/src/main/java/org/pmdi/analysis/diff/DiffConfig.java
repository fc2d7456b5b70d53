package org.pmdi.analysis.diff;

/**
 * Settings of a comparison: the minimum effect a change must exceed to count, the confidence
 * of the intervals, the bootstrap rounds and the RNG seed (fixed: results are reproducible).
 *
 * <pre>{@code
 * DiffConfig c = DiffConfig.defaults().withMinEffect(1.5);
 * }</pre>
 */
public record DiffConfig(double minEffect, double confidence, int rounds, long seed) {
    public DiffConfig {
        if (!(minEffect >= 1)) {
            throw new IllegalArgumentException("minEffect must be >= 1, was " + minEffect);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        }
    }

    public static DiffConfig defaults() {
        return new DiffConfig(1.25, 0.95, 1000, 0x5EED_D1FFL);
    }

    public DiffConfig withMinEffect(double m) {
        return new DiffConfig(m, confidence, rounds, seed);
    }
}
