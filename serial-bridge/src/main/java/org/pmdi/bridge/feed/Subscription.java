package org.pmdi.bridge.feed;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import org.pmdi.trace.TraceItem;

/**
 * One consumer's view of a {@link LiveFeed}: a bounded queue of items (events, session
 * headers, gaps) in stream order. When the consumer falls behind and its queue is full, new
 * items are dropped for this consumer only and counted in {@link #dropped()}; the bridge and
 * the other consumers are not slowed down.
 *
 * <pre>{@code
 * try (Subscription s = feed.subscribe(65_536)) {
 *     TraceItem item;
 *     while ((item = s.poll(Duration.ofMillis(100))) != null || !s.isClosed()) {
 *         if (item instanceof TraceEvent e) { ... }
 *     }
 *     long missed = s.dropped();
 * }
 * }</pre>
 *
 * Pull methods are for one consumer thread. Counters are written by the publisher thread and
 * readable from any; {@link #close()} is thread-safe.
 */
public final class Subscription implements AutoCloseable {
    private final SpscRing<TraceItem> ring;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final LiveFeed feed;
    private volatile boolean closed;

    Subscription(LiveFeed feed, int capacity) {
        this.feed = feed;
        this.ring = new SpscRing<>(capacity);
    }

    /** Called by the feed's publisher thread; never blocks. Wakes the consumer only if {@code wake}. */
    void offer(TraceItem item, boolean wake) {
        if (closed) {
            return;
        }
        offered.lazySet(offered.get() + 1);
        if (!ring.offerQuietly(item)) {
            dropped.lazySet(dropped.get() + 1);
        }
        if (wake) {
            ring.wake();
        }
    }

    /** Wakes the consumer if it waits (end of a batch). */
    void wake() {
        ring.wake();
    }

    /** The next item, or null when none is queued. */
    public TraceItem poll() {
        return ring.poll();
    }

    /** The next item, waiting up to {@code timeout} (not null); null on timeout or when closed. */
    public TraceItem poll(Duration timeout) {
        if (timeout == null) {
            throw new IllegalArgumentException("timeout must not be null");
        }
        TraceItem x = ring.poll();
        if (x != null || closed) {
            return x;
        }
        return ring.poll(timeout.toNanos());
    }

    /** Moves up to {@code max} (≥ 0) queued items into {@code to} (not null); returns how many. */
    public int drainTo(Collection<? super TraceItem> to, int max) {
        if (to == null) {
            throw new IllegalArgumentException("to must not be null");
        }
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
        int n = 0;
        TraceItem x;
        while (n < max && (x = ring.poll()) != null) {
            to.add(x);
            n++;
        }
        return n;
    }

    /** Items dropped because this consumer's queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Items the feed offered to this subscription (queued or dropped). */
    public long offered() {
        return offered.get();
    }

    /** Items waiting in the queue. */
    public int queued() {
        return ring.size();
    }

    public int capacity() {
        return ring.capacity();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops delivery to this subscription; queued items can still be polled. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            feed.remove(this);
            ring.wake();
        }
    }
}
