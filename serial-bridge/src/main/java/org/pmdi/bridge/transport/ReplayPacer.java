package org.pmdi.bridge.transport;

import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.Cobs;
import org.pmdi.trace.codec.FrameKind;
import org.pmdi.trace.codec.Varint;

/**
 * When each frame of a replayed trace is due, from the base TSC of its EVENTS frames.
 *
 * <pre>{@code
 * ReplayPacer p = ReplayPacer.create(header, speed);
 * long dueNs = p.dueNanos(wire, off, len);     // ns after the replay started
 * }</pre>
 *
 * Each source keeps its own clock: its first frame is due when the replay's trace time
 * has reached that point, later ones at their TSC distance from it (cycles converted with
 * the header's kHz for the source's side, or 1 cycle = 1 ns without a header). Frames that
 * are not EVENTS frames, or do not decode, are due at once. Trace time never goes back.
 * Not thread-safe.
 */
final class ReplayPacer {
    private final double speed;
    private final long[] khz = new long[256];
    private final long[] firstTsc = new long[256];
    private final long[] firstAt = new long[256];
    private final boolean[] seen = new boolean[256];
    private final byte[] dec = new byte[FrameKind.WIRE_MAX + 8];
    private long traceNs;

    private ReplayPacer(SessionHeader h, double speed) {
        this.speed = speed;
        java.util.Arrays.fill(khz, 1_000_000);
        if (h != null) {
            for (Source s : h.sources()) {
                long k = s.sideEnum() == Side.LINUX ? h.tscKhzLinux() : h.tscKhzAp();
                if (k > 0) {
                    khz[s.source()] = k;
                }
            }
        }
    }

    /** A pacer for a trace with header {@code h} (may be null) at {@code speed} (&gt; 0, finite). */
    static ReplayPacer create(SessionHeader h, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be finite and > 0, was " + speed);
        }
        return new ReplayPacer(h, speed);
    }

    /** Due time, ns after the replay start, of the encoded frame {@code wire[off, off+len)} (no delimiter). */
    long dueNanos(byte[] wire, int off, int len) {
        if (len < 6 || len > FrameKind.WIRE_MAX) {
            return scaled();
        }
        int n = Cobs.decode(wire, off, len, dec, 0);
        if (n < 1 + 3 + FrameKind.CRC_LEN || (dec[0] & 0xff) != FrameKind.EVENTS) {
            return scaled();
        }
        int end = n - FrameKind.CRC_LEN;
        int source = dec[1] & 0xff;
        int p = 2;
        int l = Varint.length(dec, p, end);
        if (l <= 0) {
            return scaled();
        }
        p += l;
        l = Varint.length(dec, p, end);
        if (l <= 0) {
            return scaled();
        }
        long tsc = Varint.read(dec, p, end);
        if (!seen[source]) {
            seen[source] = true;
            firstTsc[source] = tsc;
            firstAt[source] = traceNs;
        }
        long cycles = tsc - firstTsc[source];
        if (cycles > 0) {
            long ns = firstAt[source] + (long) (cycles * (1_000_000.0 / khz[source]));
            if (ns > traceNs) {
                traceNs = ns;
            }
        }
        return scaled();
    }

    private long scaled() {
        return (long) (traceNs / speed);
    }
}
