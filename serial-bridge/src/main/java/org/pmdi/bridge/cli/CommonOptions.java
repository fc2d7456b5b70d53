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
}
