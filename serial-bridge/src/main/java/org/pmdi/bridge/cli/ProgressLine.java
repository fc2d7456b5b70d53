package org.pmdi.bridge.cli;

import java.util.Locale;
import org.pmdi.bridge.BridgeStats;

/**
 * One line of terminal progress from two stats snapshots.
 *
 * <pre>{@code
 * String line = ProgressLine.format("serial /dev/pts/3", now, before, 0.5);
 * // serial /dev/pts/3 CONNECTED | 1.2 MiB | 12345 events (3456/s) | lost 0 | corrupt 2 | outstanding 3
 * }</pre>
 *
 * {@code seconds} is the time between the snapshots (&gt; 0); {@code before} may be null.
 */
public final class ProgressLine {
    private ProgressLine() {
    }

    public static String format(String what, BridgeStats now, BridgeStats before, double seconds) {
        if (now == null) {
            throw new IllegalArgumentException("now must not be null");
        }
        double rate = before == null || !(seconds > 0) ? 0 : (now.events() - before.events()) / seconds;
        StringBuilder sb = new StringBuilder();
        sb.append(what).append(' ').append(now.state()).append(" | ").append(bytes(now.bytes()))
                .append(" | ").append(now.events()).append(" events (")
                .append(String.format(Locale.ROOT, "%.0f", rate)).append("/s) | lost ").append(now.lost())
                .append(" | corrupt ").append(now.corrupt()).append(" | outstanding ").append(now.outstanding());
        if (now.gaps() > 0) {
            sb.append(" | gaps ").append(now.gaps());
        }
        if (now.feedDropped() > 0) {
            sb.append(" | feed dropped ").append(now.feedDropped());
        }
        if (now.recordedBytes() > 0) {
            sb.append(" | recorded ").append(bytes(now.recordedBytes()));
        }
        return sb.toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
