package org.pmdi.viewer.timeline;

/**
 * The visible time range of the timeline and the pixels it is drawn on.
 *
 * <pre>{@code
 * Viewport v = Viewport.of(0, 1_000_000_000, 1200);     // the first second on 1200 px
 * Viewport w = v.zoom(2.0, 600);                          // twice as close, around x = 600
 * double x = w.x(250_000_000);
 * }</pre>
 *
 * {@code startNs < endNs}; widthPx ≥ 1. A range narrower than {@link #MIN_SPAN_NS} is widened.
 */
public record Viewport(long startNs, long endNs, double widthPx) {
    /** The closest zoom: 100 ns across the whole width. */
    public static final long MIN_SPAN_NS = 100;

    public Viewport {
        if (widthPx < 1) {
            widthPx = 1;
        }
        if (endNs - startNs < MIN_SPAN_NS) {
            long mid = startNs / 2 + endNs / 2;
            startNs = mid - MIN_SPAN_NS / 2;
            endNs = startNs + MIN_SPAN_NS;
        }
    }

    public static Viewport of(long startNs, long endNs, double widthPx) {
        return new Viewport(startNs, endNs, widthPx);
    }

    public long spanNs() {
        return endNs - startNs;
    }

    public double nsPerPx() {
        return spanNs() / widthPx;
    }

    /** X of time {@code ns} (may be outside 0..widthPx). */
    public double x(long ns) {
        return (ns - startNs) / nsPerPx();
    }

    /** Time at pixel {@code x}. */
    public long ns(double x) {
        return startNs + (long) (x * nsPerPx());
    }

    /** Zoomed by {@code factor} (> 1 closer, < 1 farther), keeping the time under {@code anchorX} in place. */
    public Viewport zoom(double factor, double anchorX) {
        long anchor = ns(anchorX);
        double span = spanNs() / factor;
        long s = anchor - (long) (span * (anchorX / widthPx));
        return new Viewport(s, s + Math.max(MIN_SPAN_NS, (long) span), widthPx);
    }

    /** Moved by {@code dxPx} pixels (positive: later times come into view). */
    public Viewport pan(double dxPx) {
        long d = (long) (dxPx * nsPerPx());
        return new Viewport(startNs + d, endNs + d, widthPx);
    }

    public Viewport withWidth(double px) {
        return new Viewport(startNs, endNs, px);
    }

    /** Kept inside {@code [0, totalNs]} where possible, span unchanged (or shrunk to total). */
    public Viewport clamp(long totalNs) {
        long span = Math.min(spanNs(), Math.max(MIN_SPAN_NS, totalNs));
        long s = Math.max(0, Math.min(startNs, totalNs - span));
        return new Viewport(s, s + span, widthPx);
    }

    /** A viewport showing {@code [from, to]} with a margin of {@code margin} of the span on each side. */
    public static Viewport around(long from, long to, double margin, double widthPx) {
        long span = Math.max(MIN_SPAN_NS, to - from);
        long m = (long) (span * margin);
        return new Viewport(from - m, to + m, widthPx);
    }
}
