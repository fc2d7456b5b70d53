package org.pmdi.viewer.timeline;

import java.util.Arrays;

/**
 * What one frame of the timeline draws, built without a screen by {@link DrawListBuilder}
 * and drawn by {@link TimelineRenderer}: filled rectangles (request phases, aggregated
 * sub-pixel cells, summary bars), ticks and arrows, each with a colour (ARGB) and the request
 * it belongs to (0 for none) for hover and click.
 *
 * <pre>{@code
 * DrawList d = builder.build(viewport, data);
 * int n = d.count(DrawList.RECT);
 * long req = d.hit(x, y);        // topmost request under the pointer, or 0
 * }</pre>
 *
 * Arrows store their end point in (w, h). Append-only while building, then read-only.
 */
public final class DrawList {
    public static final byte RECT = 0;
    public static final byte TICK = 1;
    public static final byte ARROW = 2;
    /** A summary bar (zoomed out), not a single request. */
    public static final byte DENSITY = 3;
    /** A loss marker. */
    public static final byte LOSS = 4;
    /** An outline around the selected request. */
    public static final byte OUTLINE = 5;
    /** An outline around a request that failed (its colour says so). */
    public static final byte FAILED = 6;

    private byte[] kind = new byte[1024];
    private double[] x = new double[1024];
    private double[] y = new double[1024];
    private double[] w = new double[1024];
    private double[] h = new double[1024];
    private int[] argb = new int[1024];
    private long[] req = new long[1024];
    private int size;
    private final int[] counts = new int[7];
    private boolean summary;
    private boolean truncated;

    DrawList() {
    }

    void add(byte k, double px, double py, double pw, double ph, int color, long r) {
        if (size == kind.length) {
            int n = size * 2;
            kind = Arrays.copyOf(kind, n);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
            w = Arrays.copyOf(w, n);
            h = Arrays.copyOf(h, n);
            argb = Arrays.copyOf(argb, n);
            req = Arrays.copyOf(req, n);
        }
        kind[size] = k;
        x[size] = px;
        y[size] = py;
        w[size] = pw;
        h[size] = ph;
        argb[size] = color;
        req[size] = r;
        size++;
        counts[k]++;
    }

    void summary(boolean s) {
        summary = s;
    }

    void truncated(boolean t) {
        truncated = t;
    }

    /** True when drawn from the per-bucket summaries (zoomed out). */
    public boolean isSummary() {
        return summary;
    }

    /** True when the decoded window held more events than were kept. */
    public boolean isTruncated() {
        return truncated;
    }

    public int size() {
        return size;
    }

    /** Items of one kind. */
    public int count(byte k) {
        return counts[k];
    }

    public byte kind(int i) {
        return kind[i];
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double w(int i) {
        return w[i];
    }

    public double h(int i) {
        return h[i];
    }

    public int argb(int i) {
        return argb[i];
    }

    public long req(int i) {
        return req[i];
    }

    /** The request of the topmost rectangle or tick under (px, py), with 2 px of slack; 0 for none. */
    public long hit(double px, double py) {
        for (int i = size - 1; i >= 0; i--) {
            // a failure outline spans the whole request: a refused one has no phases in its middle
            if (req[i] == 0 || kind[i] == ARROW || kind[i] == OUTLINE) {
                continue;
            }
            double x0 = x[i] - 2;
            double x1 = x[i] + Math.max(w[i], 1) + 2;
            if (px >= x0 && px <= x1 && py >= y[i] && py <= y[i] + h[i]) {
                return req[i];
            }
        }
        return 0;
    }
}
