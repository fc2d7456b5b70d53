package org.pmdi.viewer.app;

/**
 * Replay position of a saved trace: where the playhead is, how fast it moves, whether it
 * plays. Pure; the replay bar advances it once per frame with the real time elapsed.
 *
 * <pre>{@code
 * ReplayClock c = ReplayClock.at(0, durationNs).withSpeed(0.01).playing(true);
 * c = c.advance(16_000_000);        // 16 ms of real time → 160 µs of trace time
 * }</pre>
 *
 * Stops (playing false) at the end. Immutable.
 */
public record ReplayClock(long positionNs, long durationNs, double speed, boolean playing) {
    public ReplayClock {
        if (durationNs < 0) {
            throw new IllegalArgumentException("durationNs must be ≥ 0, was " + durationNs);
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + speed);
        }
        positionNs = Math.max(0, Math.min(durationNs, positionNs));
    }

    public static ReplayClock at(long positionNs, long durationNs) {
        return new ReplayClock(positionNs, durationNs, 1.0, false);
    }

    public ReplayClock withSpeed(double s) {
        return new ReplayClock(positionNs, durationNs, s, playing);
    }

    public ReplayClock playing(boolean p) {
        boolean atEnd = positionNs >= durationNs;
        return new ReplayClock(p && atEnd ? 0 : positionNs, durationNs, speed, p);
    }

    public ReplayClock seek(long ns) {
        return new ReplayClock(ns, durationNs, speed, playing);
    }

    /** After {@code realNs} of wall-clock time. */
    public ReplayClock advance(long realNs) {
        if (!playing) {
            return this;
        }
        long next = positionNs + (long) (realNs * speed);
        return new ReplayClock(next, durationNs, speed, next < durationNs);
    }
}
