package org.pmdi.bridge.feed;

import org.pmdi.trace.TraceItem;

/**
 * Receives a push subscription's items in stream order, and where items were dropped for it
 * (its queue was full), at their place in the stream.
 *
 * <pre>{@code
 * feed.subscribe("print", 1 << 16, Overflow.DROP, new FeedListener() {
 *     public void onItem(TraceItem x) { out.println(x); }
 *     public void onDropped(long n) { out.println("# " + n + " events dropped (consumer too slow)"); }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface FeedListener {
    void onItem(TraceItem item);

    /**
     * {@code count} (≥ 1) items were dropped between the previous item and the next one (or
     * after the last one, when the delivery ends). Ignored by default.
     */
    default void onDropped(long count) {
    }
}
