package org.pmdi.analysis.loss;

import org.pmdi.analysis.findings.Durations;

/**
 * A stretch of one source's timeline where its events may be missing: every event the
 * source wrote strictly after {@code fromNs} and before {@code toNs} may be lost.
 *
 * <pre>{@code
 * if (region.coversAfter(lastPointNs)) { ... }   // an event after that point may be in it
 * String at = region.describe();                 // "1.204 s (37 events lost)"
 * }</pre>
 *
 * @param source 0..255
 * @param fromNs the source's last event before the loss (AP timeline), or {@link Long#MIN_VALUE}
 *               when there is none (the loss began before anything was seen)
 * @param toNs   the source's first event after the loss, or {@link Long#MAX_VALUE} when it
 *               never wrote again
 * @param events events lost (exact), or -1 when unknown
 */
public record LossRegion(int source, long fromNs, long toNs, long events, LossKind kind) {
    public LossRegion {
        if (source < 0 || source > 255 || kind == null || fromNs > toNs) {
            throw new IllegalArgumentException("bad loss region: source " + source + ", " + fromNs + ".." + toNs);
        }
    }

    /** True when an event written after {@code ns} may lie in this region. */
    public boolean coversAfter(long ns) {
        return toNs > ns;
    }

    /** Where and how much, plain words: "1.204 s (37 events lost)". */
    public String describe() {
        String at = (fromNs == Long.MIN_VALUE ? "the start" : Durations.format(fromNs)) + " to "
                + (toNs == Long.MAX_VALUE ? "the end" : Durations.format(toNs));
        return at + " (" + (events < 0 ? "an unknown number of" : Long.toString(events)) + " event"
                + (events == 1 ? "" : "s") + " " + kind.words() + ")";
    }
}
