package org.pmdi.trace;

/**
 * Event classes, the bits of a TRACE_CTRL mask ({@code enum pmdi_ev_class}).
 *
 * <pre>{@code
 * boolean on = (mask & EventClass.DRIVER.bit()) != 0;
 * }</pre>
 *
 * {@link #UNFILTERED} is for LOST, CLOCK_SYNC, TRACE_CTRL and INFLIGHT, which are never
 * filtered; its {@link #bit()} is 0.
 */
public enum EventClass {
    REQUEST(1),
    DOORBELL(1 << 1),
    DRIVER(1 << 2),
    EVENT(1 << 3),
    HEALTH(1 << 4),
    LOG(1 << 5),
    /** Format v1: NET_FRAME only, so frame capture can be switched off on its own. */
    FRAME(1 << 6),
    UNFILTERED(0);

    private final int bit;

    EventClass(int bit) {
        this.bit = bit;
    }

    /** The mask bit, or 0 for {@link #UNFILTERED}. */
    public int bit() {
        return bit;
    }
}
