package org.pmdi.viewer.timeline;

import java.util.Arrays;

/**
 * Build and draw times of the last N timeline frames, for the benchmark and the status bar.
 *
 * <pre>{@code
 * stats.add(buildNs, drawNs);
 * long p99 = stats.percentileTotalNs(99);
 * }</pre>
 *
 * Single thread (the FX thread).
 */
public final class FrameStats {
    private final long[] build;
    private final long[] draw;
    private int n;
    private long count;

    public FrameStats(int capacity) {
        build = new long[capacity];
        draw = new long[capacity];
    }

    public void add(long buildNs, long drawNs) {
        build[n] = buildNs;
        draw[n] = drawNs;
        n = (n + 1) % build.length;
        count++;
    }

    public long count() {
        return count;
    }

    public void clear() {
        n = 0;
        count = 0;
    }

    /** Percentile (0..100) of build + draw over the kept frames, ns; 0 when none. */
    public long percentileTotalNs(double p) {
        return percentile(p, true, true);
    }

    /** Percentile (0..100) of the draw-list build alone, ns. */
    public long percentileBuildNs(double p) {
        return percentile(p, true, false);
    }

    /** Percentile (0..100) of the drawing alone, ns. */
    public long percentileDrawNs(double p) {
        return percentile(p, false, true);
    }

    private long percentile(double p, boolean withBuild, boolean withDraw) {
        int k = (int) Math.min(count, build.length);
        if (k == 0) {
            return 0;
        }
        long[] t = new long[k];
        for (int i = 0; i < k; i++) {
            t[i] = (withBuild ? build[i] : 0) + (withDraw ? draw[i] : 0);
        }
        Arrays.sort(t);
        return t[(int) Math.min(k - 1, Math.ceil(p / 100 * k) - 1 < 0 ? 0 : Math.ceil(p / 100 * k) - 1)];
    }

    /** The last frame's build + draw, ns. */
    public long lastTotalNs() {
        if (count == 0) {
            return 0;
        }
        int i = (n - 1 + build.length) % build.length;
        return build[i] + draw[i];
    }
}
