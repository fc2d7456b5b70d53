package org.pmdi.bridge.transport;

/**
 * How fast a saved trace is replayed: at recorded speed, N times faster, or as fast as
 * possible.
 *
 * <pre>{@code
 * ReplaySpeed.recorded();            // 1x
 * ReplaySpeed.times(8);              // 8x faster (0.5 = half speed)
 * ReplaySpeed.asFastAsPossible();
 * ReplaySpeed.parse("max");          // "1", "8", "0.5", "8x", "max"
 * }</pre>
 *
 * @param factor time compression, a finite value &gt; 0, or {@link Double#POSITIVE_INFINITY}
 *               for no pacing at all
 */
public record ReplaySpeed(double factor) {
    public ReplaySpeed {
        if (!(factor > 0) || Double.isNaN(factor)) {
            throw new IllegalArgumentException("factor must be > 0 (or infinity), was " + factor);
        }
    }

    public static ReplaySpeed recorded() {
        return new ReplaySpeed(1);
    }

    /** {@code factor} times the recorded speed (&gt; 0). */
    public static ReplaySpeed times(double factor) {
        return new ReplaySpeed(factor);
    }

    public static ReplaySpeed asFastAsPossible() {
        return new ReplaySpeed(Double.POSITIVE_INFINITY);
    }

    /** Parses {@code max}, {@code asap}, or a factor such as {@code 4}, {@code 4x}, {@code 0.5}. */
    public static ReplaySpeed parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("s must not be null");
        }
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("max") || t.equals("asap") || t.equals("inf")) {
            return asFastAsPossible();
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return times(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("s must be a factor like 4, 0.5, 4x or max, was '" + s + "'");
        }
    }

    public boolean unpaced() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        return unpaced() ? "max" : factor + "x";
    }
}
