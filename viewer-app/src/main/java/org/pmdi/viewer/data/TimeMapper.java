package org.pmdi.viewer.data;

import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;

/**
 * Maps an event's (source, TSC) to nanoseconds on the AP timeline, the same way the file index
 * does (FORMAT.md §5.3, §7): AP TSC = Linux TSC + the latest CLOCK_SYNC offset of that source
 * (or of any Linux source), then {@code (apTsc − origin) × 10^6 / tscKhzAp}.
 *
 * <pre>{@code
 * TimeMapper m = TimeMapper.create(originTsc, 2_500_000);
 * m.onHeader(header);
 * m.onClockSync(source, offset);
 * long ns = m.toNs(source, tsc);
 * }</pre>
 *
 * Only for drawing: the analysis does its own mapping for its statistics. Single thread.
 */
public final class TimeMapper {
    private final long originTsc;
    private double nsPerCycle;
    private final boolean[] linux = new boolean[256];
    private final long[] offset = new long[256];
    private final boolean[] hasOffset = new boolean[256];
    private long anyOffset;
    private boolean hasAny;

    private TimeMapper(long originTsc, long tscKhzAp) {
        this.originTsc = originTsc;
        this.nsPerCycle = 1e6 / Math.max(1, tscKhzAp);
    }

    /** A mapper with this origin (AP-clock TSC of time 0) and AP TSC frequency (kHz, > 0). */
    public static TimeMapper create(long originTsc, long tscKhzAp) {
        return new TimeMapper(originTsc, tscKhzAp);
    }

    /** A copy with the same offsets (for a decode that starts where another left off). */
    public TimeMapper copy() {
        TimeMapper m = new TimeMapper(originTsc, 1);
        m.nsPerCycle = nsPerCycle;
        System.arraycopy(linux, 0, m.linux, 0, 256);
        System.arraycopy(offset, 0, m.offset, 0, 256);
        System.arraycopy(hasOffset, 0, m.hasOffset, 0, 256);
        m.anyOffset = anyOffset;
        m.hasAny = hasAny;
        return m;
    }

    public void onHeader(SessionHeader h) {
        if (h.tscKhzAp() > 0) {
            nsPerCycle = 1e6 / h.tscKhzAp();
        }
        for (Source s : h.sources()) {
            linux[s.source()] = s.side() == Side.LINUX.code();
        }
    }

    public boolean isLinux(int source) {
        return linux[source & 0xff];
    }

    /** A CLOCK_SYNC of {@code source}: AP TSC = source TSC + offset. */
    public void onClockSync(int source, long offsetCycles) {
        offset[source] = offsetCycles;
        hasOffset[source] = true;
        anyOffset = offsetCycles;
        hasAny = true;
    }

    /** True when some Linux source has a known offset. */
    public boolean synced() {
        return hasAny;
    }

    public long originTsc() {
        return originTsc;
    }

    public double nsPerCycle() {
        return nsPerCycle;
    }

    /** The event's time in ns from the origin (negative before it). */
    public long toNs(int source, long tsc) {
        long ap = tsc;
        if (linux[source]) {
            ap += hasOffset[source] ? offset[source] : anyOffset;
        }
        return (long) ((ap - originTsc) * nsPerCycle);
    }
}
