package org.pmdi.analysis;

/**
 * Receives every event after clock mapping, in arrival order (exporters, the viewer's event
 * table). Called on the feeding thread; {@code args} is reused: valid only during the call.
 *
 * <pre>{@code
 * analyzer.addEventListener((source, linux, type, ns, req, args, nargs) -> table.add(...));
 * }</pre>
 */
@FunctionalInterface
public interface EventListener {
    /**
     * @param linux true for a Linux ring, false for the AP
     * @param ns    time on the AP timeline since the origin (may be negative)
     */
    void onEvent(int source, boolean linux, int type, long ns, long req, long[] args, int nargs);

    /** A blob event ({@code buf[off, off+len)}, valid only during the call); ignored by default. */
    default void onBlob(int source, boolean linux, int type, long ns, long req, byte[] buf, int off, int len) {
    }
}
