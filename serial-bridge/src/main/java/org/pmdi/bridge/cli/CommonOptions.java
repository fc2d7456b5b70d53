package org.pmdi.bridge.cli;

import picocli.CommandLine.Option;

/**
 * Options shared by {@code attach} and {@code record}.
 *
 * <pre>{@code
 * [--no-reconnect] [--flush-ms 50] [--duration 10] [--quiet] [--progress-ms 500]
 * }</pre>
 */
public final class CommonOptions {
    @Option(names = "--no-reconnect", description = "end when the input goes away instead of waiting for it")
    boolean noReconnect;

    @Option(names = "--flush-ms", defaultValue = "50",
            description = "longest delay before received frames reach the recording, ms (default: ${DEFAULT-VALUE})")
    long flushMs;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
            description = "stop after this long (default: until the input ends or Ctrl-C)")
    double duration;

    @Option(names = {"-q", "--quiet"}, description = "no progress line")
    boolean quiet;

    @Option(names = "--progress-ms", defaultValue = "500", description = "progress period, ms (default: ${DEFAULT-VALUE})")
    long progressMs;

    /** IllegalArgumentException naming the option whose value is out of range. */
    void check() {
        if (flushMs < 0 || flushMs > 10_000) {
            throw new IllegalArgumentException("--flush-ms " + flushMs + ": must be 0..10000 ms");
        }
        if (!(duration >= 0) || Double.isInfinite(duration)) {
            throw new IllegalArgumentException("--duration " + duration + ": must be 0 (until the input ends) or more"
                    + " seconds");
        }
        if (progressMs < 50 || progressMs > 60_000) {
            throw new IllegalArgumentException("--progress-ms " + progressMs + ": must be 50..60000 ms");
        }
    }
}
