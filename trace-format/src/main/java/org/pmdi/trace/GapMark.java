package org.pmdi.trace;

/**
 * A GAP frame (FORMAT.md §8): the recorder lost its input between two wall-clock times.
 *
 * <pre>{@code
 * GapMark g = GapMark.of(GapReason.PORT_CLOSED.code(), t0, t1);
 * }</pre>
 *
 * @param reason      0..255 ({@link GapReason} names the known ones)
 * @param startUnixNs u64 bit pattern, ns since the Unix epoch
 * @param endUnixNs   u64 bit pattern, ns since the Unix epoch
 */
public record GapMark(int reason, long startUnixNs, long endUnixNs) implements TraceItem {
    public GapMark {
        if (reason < 0 || reason > 255) {
            throw new IllegalArgumentException("reason must be 0..255, was " + reason);
        }
    }

    public static GapMark of(int reason, long startUnixNs, long endUnixNs) {
        return new GapMark(reason, startUnixNs, endUnixNs);
    }
}
