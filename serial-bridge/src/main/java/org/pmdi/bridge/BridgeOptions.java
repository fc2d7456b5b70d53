package org.pmdi.bridge;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Bridge} runs: where it records, how often it flushes, how it reconnects,
 * how much it reads at a time.
 *
 * <pre>{@code
 * BridgeOptions o = BridgeOptions.defaults().withRecording(Path.of("run.pmdt"));
 * }</pre>
 *
 * @param recording     file to record into, or null for none
 * @param flushInterval longest delay before received frames reach the file, 0..10 s (not null)
 * @param reconnect     reconnect policy (not null); only used for reconnectable transports
 * @param readBuffer    bytes asked for per read, 1..1 MiB (1 feeds the decoder one byte at a time)
 */
public record BridgeOptions(Path recording, Duration flushInterval, ReconnectPolicy reconnect, int readBuffer) {
    public BridgeOptions {
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.toSeconds() > 10) {
            throw new IllegalArgumentException("flushInterval must be 0..10 s, was " + flushInterval);
        }
        if (reconnect == null) {
            throw new IllegalArgumentException("reconnect must not be null");
        }
        if (readBuffer < 1 || readBuffer > (1 << 20)) {
            throw new IllegalArgumentException("readBuffer must be 1..1048576, was " + readBuffer);
        }
    }

    /** No recording, 50 ms flushes, the standard reconnect policy, 64 KiB reads. */
    public static BridgeOptions defaults() {
        return new BridgeOptions(null, Duration.ofMillis(50), ReconnectPolicy.standard(), 1 << 16);
    }

    public BridgeOptions withRecording(Path file) {
        return new BridgeOptions(file, flushInterval, reconnect, readBuffer);
    }

    public BridgeOptions withFlushInterval(Duration d) {
        return new BridgeOptions(recording, d, reconnect, readBuffer);
    }

    public BridgeOptions withReconnect(ReconnectPolicy p) {
        return new BridgeOptions(recording, flushInterval, p, readBuffer);
    }

    public BridgeOptions withReadBuffer(int bytes) {
        return new BridgeOptions(recording, flushInterval, reconnect, bytes);
    }
}
