package org.pmdi.bridge;

import java.time.Duration;

/**
 * Whether and how often a bridge tries to reopen an input that went away (a USB adapter
 * unplugged, QEMU restarted, a socket closed). Delays double from {@code initialDelay} up to
 * {@code maxDelay}.
 *
 * <pre>{@code
 * ReconnectPolicy p = ReconnectPolicy.every(Duration.ofMillis(50), Duration.ofSeconds(1));
 * ReconnectPolicy never = ReconnectPolicy.never();
 * }</pre>
 *
 * @param enabled      false: an input that ends ends the bridge
 * @param initialDelay first wait, 1 ms..1 min (not null)
 * @param maxDelay     longest wait, ≥ initialDelay, ≤ 1 min (not null)
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay) {
    private static final Duration MAX = Duration.ofMinutes(1);

    public ReconnectPolicy {
        if (initialDelay == null || initialDelay.toMillis() < 1 || initialDelay.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("initialDelay must be 1 ms..1 min, was " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0 || maxDelay.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("maxDelay must be initialDelay..1 min, was " + maxDelay);
        }
    }

    /** Retries after {@code initialDelay}, doubling up to {@code maxDelay}. */
    public static ReconnectPolicy every(Duration initialDelay, Duration maxDelay) {
        return new ReconnectPolicy(true, initialDelay, maxDelay);
    }

    /** The default: 50 ms, doubling up to 1 s. */
    public static ReconnectPolicy standard() {
        return every(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    public static ReconnectPolicy never() {
        return new ReconnectPolicy(false, Duration.ofMillis(50), Duration.ofMillis(50));
    }

    /** The wait before attempt {@code attempt} (0-based). */
    public Duration delay(int attempt) {
        long ms = initialDelay.toMillis();
        for (int i = 0; i < attempt && ms < maxDelay.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
}
