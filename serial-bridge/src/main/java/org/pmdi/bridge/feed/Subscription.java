package org.pmdi.bridge.feed;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.pmdi.trace.TraceItem;

/**
 * One consumer's view of a {@link LiveFeed}: a bounded queue of items (events, session
 * headers, gaps) in stream order. When the consumer falls behind and its queue is full, the
 * {@link Overflow} policy decides: {@code DROP} drops new items for this consumer only
 * (counted in {@link #dropped()}, and placed: {@link #droppedBeforeLastPolled()}), so the
 * bridge and the other consumers are not slowed down; {@code WAIT} holds the publisher until
 * there is room, losing nothing.
 *
 * <pre>{@code
 * try (Subscription s = feed.subscribe(65_536, Overflow.DROP)) {
 *     TraceItem item;
 *     while ((item = s.poll(Duration.ofMillis(100))) != null || !s.isClosed()) {
 *         if (item != null && s.droppedBeforeLastPolled() > 0) { ... a hole right before item ... }
 *     }
 *     long missed = s.dropped();
 * }
 * }</pre>
 *
 * Pull methods are for one consumer thread. Counters are written by the publisher thread and
 * readable from any; {@link #close()} is thread-safe.
 */
public final class Subscription implements AutoCloseable {
    /** How long a waiting publisher sleeps between looks at a full queue. */
    private static final long WAIT_NS = 100_000L;

    private final SpscRing<TraceItem> ring;
    private final Overflow overflow;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final LiveFeed feed;
    private volatile boolean closed;
    /** Runs of dropped items, each placed by how many items were queued before it. */
    private final ConcurrentLinkedQueue<DropRun> runs = new ConcurrentLinkedQueue<>();
    /** Publisher only: items queued so far, and the run being dropped now (null while items go through). */
    private long queuedTotal;
    private DropRun openRun;
    /** Consumer only: items polled so far; drops placed right before the last one; drops placed so far. */
    private long polledTotal;
    private long lastDrops;
    private long placedDrops;

    /** Items dropped in a row right after the first {@code position} queued items. */
    private static final class DropRun {
        final long position;
        volatile long count;

        DropRun(long position) {
            this.position = position;
        }
    }

    Subscription(LiveFeed feed, int capacity, Overflow overflow) {
        this.feed = feed;
        this.ring = new SpscRing<>(capacity);
        this.overflow = overflow;
    }

    /**
     * Called by the feed's publisher thread. Wakes the consumer only if {@code wake}; with
     * {@link Overflow#WAIT} and a full queue, waits until there is room or this closes.
     */
    void offer(TraceItem item, boolean wake) {
        if (closed) {
            return;
        }
        offered.lazySet(offered.get() + 1);
        boolean ok = ring.offerQuietly(item);
        while (!ok && overflow == Overflow.WAIT && !closed) {
            ring.wake(); // it may be waiting for the end of a batch
            LockSupport.parkNanos(this, WAIT_NS);
            ok = ring.offerQuietly(item);
        }
        if (ok) {
            queuedTotal++;
            openRun = null;
        } else {
            dropped.lazySet(dropped.get() + 1);
            DropRun r = openRun;
            if (r == null) {
                r = new DropRun(queuedTotal);
                openRun = r;
                runs.add(r);
            }
            // written before the next item is queued, which the consumer reads first
            r.count = r.count + 1;
        }
        if (wake) {
            ring.wake();
        }
    }

    /** Wakes the consumer if it waits (end of a batch). */
    void wake() {
        ring.wake();
    }

    public Overflow overflow() {
        return overflow;
    }

    /** The next item, or null when none is queued. */
    public TraceItem poll() {
        return polled(ring.poll());
    }

    /** The next item, waiting up to {@code timeout} (not null); null on timeout or when closed. */
    public TraceItem poll(Duration timeout) {
        if (timeout == null) {
            throw new IllegalArgumentException("timeout must not be null");
        }
        TraceItem x = ring.poll();
        if (x != null || closed) {
            return polled(x);
        }
        return polled(ring.poll(timeout.toNanos()));
    }

    /**
     * Moves up to {@code max} (≥ 0) queued items into {@code to} (not null); returns how many.
     * Where they had holes is not told: use {@link #poll()} to know.
     */
    public int drainTo(Collection<? super TraceItem> to, int max) {
        if (to == null) {
            throw new IllegalArgumentException("to must not be null");
        }
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, was " + max);
        }
        int n = 0;
        TraceItem x;
        while (n < max && (x = polled(ring.poll())) != null) {
            to.add(x);
            n++;
        }
        return n;
    }

    /** Places the drop runs that come before item number {@code polledTotal}. */
    private TraceItem polled(TraceItem x) {
        if (x == null) {
            return null;
        }
        long i = polledTotal++;
        long d = 0;
        DropRun r;
        // a run before this item was closed when the item was queued: its count is final
        while ((r = runs.peek()) != null && r.position <= i) {
            d += r.count;
            runs.poll();
        }
        lastDrops = d;
        placedDrops += d;
        return x;
    }

    /** Items dropped between the item polled before the last one and the last one (0: none). */
    public long droppedBeforeLastPolled() {
        return lastDrops;
    }

    /**
     * Items dropped after the last item polled (so far): the tail of the stream this consumer
     * missed, e.g. to report once the feed ended. Consumer thread.
     */
    public long droppedAfterLastPolled() {
        return dropped.get() - placedDrops;
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

    /** Stops delivery to this subscription (and a publisher waiting for room); queued items can still be polled. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            feed.remove(this);
            ring.wake();
        }
    }
}
