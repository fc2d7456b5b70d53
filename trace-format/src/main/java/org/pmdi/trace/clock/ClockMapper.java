package org.pmdi.trace.clock;

import java.util.Arrays;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;

/**
 * The one clock mapping of FORMAT.md §5.3/§7: puts events of every trace ring on the AP's
 * TSC, then in nanoseconds since the origin. The file index ({@code IndexBuilder}) and the
 * analysis both use it, so that an event's time and its index bucket agree.
 *
 * <pre>{@code
 * ClockMapper m = ClockMapper.create();
 * m.onHeader(header);                          // sides of the sources, tsc_khz_ap
 * m.onClockSync(source, offset, uncertainty);  // each CLOCK_SYNC record of a Linux source
 * long ap = m.toApTsc(source, tsc);            // AP-clock cycles
 * long ns = m.toNs(ap);                        // ns since the origin; may be negative
 * }</pre>
 *
 * A Linux event is mapped with the latest CLOCK_SYNC of its own source, or of any Linux
 * source when its own has none yet; before any CLOCK_SYNC ({@link #synced(int)} false) it
 * is mapped with offset 0 and counted in {@link #unsyncedEvents()}. The origin is the
 * AP-clock TSC of the first event whose AP-clock time is known (an AP event, or a Linux one
 * after a CLOCK_SYNC); times before it is set map to 0 ns. A header with a new session id
 * forgets the offsets (a new boot) but keeps the origin. Sources the header does not list
 * are AP-side. Without a header's tsc_khz_ap, 1 cycle = 1 ns. Mapped times are never
 * clamped: an interval that comes out negative is the caller's finding. Single writer, not
 * thread-safe.
 */
public final class ClockMapper {
    private final boolean[] linux = new boolean[256];
    /** Per source: the offset in use now (0 for the AP), and whether it is a Linux ring with no offset yet. */
    private final long[] effective = new long[256];
    private final boolean[] unsyncedSource = new boolean[256];
    private final boolean[] hasOffset = new boolean[256];
    private final long[] offset = new long[256];
    /** Per source: uncertainty (cycles) of its latest CLOCK_SYNC, and of the one in use now (-1: none). */
    private final long[] uncertainty = new long[256];
    private final long[] effectiveUnc = new long[256];
    /** The same in ns, computed when it changes: read for every Linux event. */
    private final long[] effectiveUncNs = new long[256];
    /**
     * Per source, for {@link #eventNs}: how its events map now ({@link #SCALED}, {@link #EXACT}
     * or {@link #SLOW}), and {@code effective − origin}, so that the usual event costs one add
     * and one multiply. Recomputed with {@link #refresh()} and when the origin is set.
     */
    private final byte[] mode = new byte[256];
    private final long[] base = new long[256];
    /** {@code (long) ((double) d * nsPerCycle)}: the origin is set, the source synced, tsc_khz_ap ≠ 1 GHz. */
    private static final byte SCALED = 0;
    /** {@code d} itself: as {@link #SCALED} at 1 GHz (exact, as {@link #toNs}). */
    private static final byte EXACT = 1;
    /** Through {@link #toApTsc} and {@link #toNs}: an unsynced source (counted) or no origin yet. */
    private static final byte SLOW = 2;
    private long anyLinuxUnc;
    private boolean anyOffset;
    private long anyLinuxOffset;
    private long khz = 1_000_000;
    private double nsPerCycle = 1.0;
    private boolean originSet;
    private long origin;
    private long unsynced;
    private long syncs;
    private long maxUncertainty;
    private boolean hasSession;
    private long sessionId;

    private ClockMapper() {
        refreshFast();
    }

    public static ClockMapper create() {
        return new ClockMapper();
    }

    /**
     * Learns the sources' sides and the AP's TSC frequency. A header with another session id
     * than the last one forgets the offsets but keeps the origin, so that ns stay on one axis.
     */
    public void onHeader(SessionHeader h) {
        if (h == null) {
            throw new IllegalArgumentException("h must not be null");
        }
        if (hasSession && h.sessionId() != sessionId) {
            // a new boot: its CLOCK_SYNCs are new
            Arrays.fill(hasOffset, false);
            anyOffset = false;
        }
        hasSession = true;
        sessionId = h.sessionId();
        for (Source s : h.sources()) {
            linux[s.source()] = s.side() == Side.LINUX.code();
        }
        if (h.tscKhzAp() > 0) {
            khz = h.tscKhzAp();
            nsPerCycle = 1e6 / khz;
        }
        refresh();
    }

    /** A CLOCK_SYNC of {@code source}: AP TSC = source TSC + offset (± uncertainty cycles). */
    public void onClockSync(int source, long offsetCycles, long uncertaintyCycles) {
        hasOffset[source] = true;
        offset[source] = offsetCycles;
        uncertainty[source] = uncertaintyCycles;
        anyOffset = true;
        anyLinuxOffset = offsetCycles;
        anyLinuxUnc = uncertaintyCycles;
        syncs++;
        maxUncertainty = Math.max(maxUncertainty, uncertaintyCycles);
        refresh();
    }

    /** Recomputes the per-source offsets in use (rare: headers, syncs, new Linux sources). */
    private void refresh() {
        for (int s = 0; s < 256; s++) {
            if (!linux[s]) {
                effective[s] = 0;
                effectiveUnc[s] = 0;
                unsyncedSource[s] = false;
            } else if (hasOffset[s]) {
                effective[s] = offset[s];
                effectiveUnc[s] = uncertainty[s];
                unsyncedSource[s] = false;
            } else {
                effective[s] = anyOffset ? anyLinuxOffset : 0;
                effectiveUnc[s] = anyOffset ? anyLinuxUnc : -1;
                unsyncedSource[s] = !anyOffset;
            }
            long u = effectiveUnc[s];
            effectiveUncNs[s] = u <= 0 ? u : cyclesToNs(u);
        }
        refreshFast();
    }

    /** Recomputes {@link #mode} and {@link #base} (after a change of offsets, origin or frequency). */
    private void refreshFast() {
        byte fast = khz == 1_000_000 ? EXACT : SCALED;
        for (int s = 0; s < 256; s++) {
            mode[s] = unsyncedSource[s] || !originSet ? SLOW : fast;
            base[s] = effective[s] - origin;
        }
    }

    /** Marks {@code source} as a Linux ring (for streams without a header). */
    public void markLinux(int source) {
        linux[source] = true;
        refresh();
    }

    /**
     * The uncertainty (ns) of the CLOCK_SYNC that maps {@code source}'s events now: 0 for the
     * AP, -1 for a Linux ring mapped without any CLOCK_SYNC (unknown).
     */
    public long uncertaintyNs(int source) {
        return effectiveUncNs[source];
    }

    public boolean isLinux(int source) {
        return linux[source];
    }

    /**
     * Whether {@code source}'s events have a known AP-clock time: always for the AP, for a
     * Linux ring once any Linux CLOCK_SYNC of this session was seen.
     */
    public boolean synced(int source) {
        return !unsyncedSource[source];
    }

    /**
     * The event's time in AP-clock cycles; the first one whose time is known
     * ({@link #synced(int)}) sets the origin.
     */
    public long toApTsc(int source, long tsc) {
        long t = tsc + effective[source];
        if (unsyncedSource[source]) {
            unsynced++;
        } else if (!originSet) {
            originSet = true;
            origin = t;
            refreshFast();
        }
        return t;
    }

    /**
     * An event's time on the AP timeline, ns since the origin: {@code toNs(toApTsc(source,
     * tsc))}, the one call every reader of events makes. The same arithmetic, with the
     * source's offset minus the origin added at once ({@code tsc + (effective − origin)} is
     * {@code (tsc + effective) − origin} in 64-bit wrapping arithmetic), so the results are
     * the same to the bit (ClockMapperFastPathTest compares them).
     */
    public long eventNs(int source, long tsc) {
        long d = tsc + base[source];
        int m = mode[source];
        if (m == SCALED) {
            return (long) (d * nsPerCycle);
        }
        return m == EXACT ? d : toNs(toApTsc(source, tsc));
    }

    /**
     * Nanoseconds from the origin to AP-clock time {@code apTsc} (negative before it; 0 while
     * no origin is set), truncated toward zero; exact at 1 GHz, within 1 ns otherwise for
     * spans under 2^52 cycles.
     */
    public long toNs(long apTsc) {
        if (!originSet) {
            return 0;
        }
        long d = apTsc - origin;
        return khz == 1_000_000 ? d : (long) (d * nsPerCycle);
    }

    /** A duration of {@code cycles} AP cycles in ns (sign kept). */
    public long cyclesToNs(long cycles) {
        long k = khz;
        return cycles / k * 1_000_000L + cycles % k * 1_000_000L / k;
    }

    /** A duration in ns as AP cycles (sign kept). */
    public long nsToCycles(long ns) {
        return ns / 1_000_000L * khz + ns % 1_000_000L * khz / 1_000_000L;
    }

    /**
     * Fixes the origin (AP-clock TSC), e.g. to the file index's {@code originTsc} when
     * reading from the middle of a file, so that times match the whole-file analysis.
     */
    public void fixOrigin(long apTsc) {
        origin = apTsc;
        originSet = true;
        refreshFast();
    }

    /** The origin (AP-clock TSC), or 0 while none is set. */
    public long originTsc() {
        return origin;
    }

    public boolean hasOrigin() {
        return originSet;
    }

    public long tscKhzAp() {
        return khz;
    }

    /** Linux events mapped before any CLOCK_SYNC was known (offset 0 used). */
    public long unsyncedEvents() {
        return unsynced;
    }

    public long syncCount() {
        return syncs;
    }

    /** Largest CLOCK_SYNC uncertainty seen, in ns. */
    public long maxUncertaintyNs() {
        return cyclesToNs(maxUncertainty);
    }
}
