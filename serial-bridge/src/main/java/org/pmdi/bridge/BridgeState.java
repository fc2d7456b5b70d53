package org.pmdi.bridge;

/**
 * Where a {@link Bridge} is in its life.
 *
 * <pre>{@code
 * if (bridge.stats().state() == BridgeState.CONNECTED) { ... }
 * }</pre>
 */
public enum BridgeState {
    /** Opening the input (first time or after it went away). */
    CONNECTING,
    /** Reading. */
    CONNECTED,
    /** The input went away; waiting before the next attempt. */
    DISCONNECTED,
    /** The input ended for good (end of file, end of replay, or no reconnect). */
    ENDED,
    /** Stopped by {@link Bridge#close()}. */
    CLOSED
}
