package org.pmdi.trace.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.SessionHeaderBuilder;
import org.pmdi.trace.Source;

/**
 * {@link ClockMapper#eventNs} takes a precomputed per-source path (one add, one multiply);
 * it must give, bit for bit, what the mapping did before: {@code toNs(toApTsc(source, tsc))}
 * of {@link Reference}, a copy of the original code. Random sequences of headers (new and
 * repeated sessions, 1 GHz or not, no frequency), CLOCK_SYNCs, markLinux, fixOrigin and
 * events of random sources with random (also wrapping) timestamps.
 */
class ClockMapperFastPathTest {
    private static final long[] KHZ = {0, 1_000_000, 2_494_140, 3_000_000, 1_999_999, 1, 7};

    @Property(tries = 400)
    void eventNsIsTheOriginalMappingToTheBit(@ForAll long seed) {
        Random r = new Random(seed);
        ClockMapper m = ClockMapper.create();
        Reference ref = new Reference();
        long session = r.nextInt(3);
        for (int step = 0, n = 200 + r.nextInt(600); step < n; step++) {
            int op = r.nextInt(100);
            if (op < 4) {
                if (r.nextInt(3) == 0) {
                    session++;
                }
                SessionHeaderBuilder b = SessionHeader.builder().session(session, 0, 0, 0, 0);
                long khz = KHZ[r.nextInt(KHZ.length)];
                b.clock(khz, khz);
                for (int s = 0; s < 4; s++) {
                    if (r.nextBoolean()) {
                        b.source(Source.of(s, r.nextInt(2), s, s, 64));
                    }
                }
                SessionHeader h = b.build();
                m.onHeader(h);
                ref.onHeader(h);
            } else if (op < 10) {
                int s = r.nextInt(5);
                long off = tsc(r);
                long unc = r.nextInt(1000);
                m.onClockSync(s, off, unc);
                ref.onClockSync(s, off, unc);
            } else if (op < 12) {
                int s = r.nextInt(5);
                m.markLinux(s);
                ref.markLinux(s);
            } else if (op < 13) {
                long o = tsc(r);
                m.fixOrigin(o);
                ref.fixOrigin(o);
            } else {
                int s = r.nextInt(5);
                long t = tsc(r);
                assertThat(m.eventNs(s, t)).as("step %d source %d tsc %d", step, s, t).isEqualTo(ref.eventNs(s, t));
            }
            assertThat(m.unsyncedEvents()).isEqualTo(ref.unsynced);
            assertThat(m.hasOrigin()).isEqualTo(ref.originSet);
            assertThat(m.originTsc()).isEqualTo(ref.origin);
        }
    }

    /** Timestamps near each other (a trace), anywhere in 56 or 64 bits, and near the wrap. */
    private static long tsc(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 1_000_000_000L + r.nextInt(1 << 30);
            case 1 -> r.nextLong() & ((1L << 56) - 1);
            case 2 -> r.nextLong();
            default -> -1 - r.nextInt(1 << 20);
        };
    }

    /** The mapping as it was before the fast path (the commit before it), kept verbatim. */
    private static final class Reference {
        private final boolean[] linux = new boolean[256];
        private final long[] effective = new long[256];
        private final boolean[] unsyncedSource = new boolean[256];
        private final boolean[] hasOffset = new boolean[256];
        private final long[] offset = new long[256];
        private boolean anyOffset;
        private long anyLinuxOffset;
        private long khz = 1_000_000;
        private double nsPerCycle = 1.0;
        boolean originSet;
        long origin;
        long unsynced;
        private boolean hasSession;
        private long sessionId;

        void onHeader(SessionHeader h) {
            if (hasSession && h.sessionId() != sessionId) {
                java.util.Arrays.fill(hasOffset, false);
                anyOffset = false;
            }
            hasSession = true;
            sessionId = h.sessionId();
            for (Source s : h.sources()) {
                linux[s.source()] = s.side() == org.pmdi.trace.Side.LINUX.code();
            }
            if (h.tscKhzAp() > 0) {
                khz = h.tscKhzAp();
                nsPerCycle = 1e6 / khz;
            }
            refresh();
        }

        void onClockSync(int source, long offsetCycles, long uncertaintyCycles) {
            hasOffset[source] = true;
            offset[source] = offsetCycles;
            anyOffset = true;
            anyLinuxOffset = offsetCycles;
            refresh();
        }

        private void refresh() {
            for (int s = 0; s < 256; s++) {
                if (!linux[s]) {
                    effective[s] = 0;
                    unsyncedSource[s] = false;
                } else if (hasOffset[s]) {
                    effective[s] = offset[s];
                    unsyncedSource[s] = false;
                } else {
                    effective[s] = anyOffset ? anyLinuxOffset : 0;
                    unsyncedSource[s] = !anyOffset;
                }
            }
        }

        void markLinux(int source) {
            linux[source] = true;
            refresh();
        }

        long toApTsc(int source, long tsc) {
            long t = tsc + effective[source];
            if (unsyncedSource[source]) {
                unsynced++;
            } else if (!originSet) {
                originSet = true;
                origin = t;
            }
            return t;
        }

        long eventNs(int source, long tsc) {
            return toNs(toApTsc(source, tsc));
        }

        long toNs(long apTsc) {
            if (!originSet) {
                return 0;
            }
            long d = apTsc - origin;
            return khz == 1_000_000 ? d : (long) (d * nsPerCycle);
        }

        void fixOrigin(long apTsc) {
            origin = apTsc;
            originSet = true;
        }
    }
}
