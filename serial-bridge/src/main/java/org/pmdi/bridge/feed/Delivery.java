package org.pmdi.bridge.feed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.pmdi.trace.TraceItem;

/**
 * A push subscription of a {@link LiveFeed}: a named thread that hands each item to a
 * {@link FeedListener}. A slow consumer only fills its own queue; then its
 * {@link Overflow} policy drops items (counted, and told to the listener at their place in
 * the stream) or holds the publisher back.
 *
 * <pre>{@code
 * try (Delivery d = feed.subscribe("analysis", 1 << 16, analysis::accept)) {
 *     ...
 *     long missed = d.subscription().dropped();
 * }
 * }</pre>
 *
 * {@link #close()} stops taking new items, delivers what is already queued (until the
 * timeout), tells the listener of items dropped after the last one, and joins the thread.
 */
public final class Delivery implements AutoCloseable {
    private static final long POLL_NS = 100_000_000L;

    private final Subscription sub;
    private final FeedListener listener;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stop;

    private Delivery(String name, Subscription sub, FeedListener listener) {
        this.sub = sub;
        this.listener = listener;
        this.thread = new Thread(this::run, "pmdi-feed-" + name);
        thread.setDaemon(true);
    }

    static Delivery start(String name, Subscription sub, FeedListener listener) {
        Delivery d = new Delivery(name, sub, listener);
        d.thread.start();
        return d;
    }

    private void run() {
        while (!stop || sub.queued() > 0) {
            TraceItem x = sub.poll(Duration.ofNanos(POLL_NS));
            if (x == null) {
                continue;
            }
            long holes = sub.droppedBeforeLastPolled();
            if (holes > 0) {
                dropped(holes);
            }
            try {
                listener.onItem(x);
                delivered.incrementAndGet();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
        }
        long tail = sub.droppedAfterLastPolled();
        if (tail > 0) {
            dropped(tail);
        }
    }

    private void dropped(long n) {
        try {
            listener.onDropped(n);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
    }

    public Subscription subscription() {
        return sub;
    }

    /** Items handed to the consumer without an exception. */
    public long delivered() {
        return delivered.get();
    }

    /** Listener calls that threw. */
    public long failures() {
        return failures.get();
    }

    /** Stops the thread and waits for it up to {@code timeout}; idempotent. */
    public void close(Duration timeout) {
        sub.close();
        stop = true;
        if (Thread.currentThread() != thread) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
