package org.pmdi.analysis.export;

/**
 * A time range on the AP timeline, ns since the trace origin, half-open [from, to).
 *
 * <pre>{@code
 * TimeRange r = TimeRange.of(1_000_000_000L, 2_000_000_000L);
 * TimeRange all = TimeRange.ALL;
 * if (r.contains(ns)) { ... }
 * }</pre>
 *
 * @param fromNs inclusive start (Long.MIN_VALUE for the beginning)
 * @param toNs   exclusive end (Long.MAX_VALUE for the end), ≥ fromNs
 */
public record TimeRange(long fromNs, long toNs) {
    public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public TimeRange {
        if (toNs < fromNs) {
            throw new IllegalArgumentException("toNs must be >= fromNs, was " + toNs + " < " + fromNs);
        }
    }

    public static TimeRange of(long fromNs, long toNs) {
        return new TimeRange(fromNs, toNs);
    }

    public boolean contains(long ns) {
        return ns >= fromNs && ns < toNs;
    }
}
