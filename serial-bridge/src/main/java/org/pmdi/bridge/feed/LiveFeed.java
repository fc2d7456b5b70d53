package org.pmdi.bridge.feed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.pmdi.trace.TraceItem;

/**
 * The live feed of a bridge: every decoded event, session header and gap goes to each
 * subscriber as it arrives.
 *
 * <pre>{@code
 * LiveFeed feed = bridge.feed();
 * Subscription pull = feed.subscribe(65_536);                          // poll it yourself
 * Delivery push = feed.subscribe("viewer", 65_536, item -> model.add(item)); // a named thread calls you
 * ...
 * push.close();                                                        // stops and joins its thread
 * }</pre>
 *
 * Each subscriber has its own bounded queue (capacity 1..2^24, rounded up to a power of
 * two). By default ({@link Overflow#DROP}) publishing never blocks: a full queue drops the
 * item for that subscriber only, counted in {@link Subscription#dropped()} and told at its
 * place in the stream; a subscriber with {@link Overflow#WAIT} (for inputs that keep their
 * data: files, replays) holds the publisher back instead. Items are published by one thread
 * (the bridge's reader); subscribing and closing are thread-safe.
 */
public final class LiveFeed implements AutoCloseable {
    private final List<Subscription> subs = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private LiveFeed() {
    }

    public static LiveFeed create() {
        return new LiveFeed();
    }

    /** A pull subscription with a queue of {@code capacity} items (1..2^24) that drops when full. */
    public Subscription subscribe(int capacity) {
        return subscribe(capacity, Overflow.DROP);
    }

    /** A pull subscription with a queue of {@code capacity} items (1..2^24) and {@code overflow} (not null). */
    public Subscription subscribe(int capacity, Overflow overflow) {
        if (overflow == null) {
            throw new IllegalArgumentException("overflow must not be null");
        }
        Subscription s = new Subscription(this, capacity, overflow);
        if (closed) {
            s.close();
            return s;
        }
        subs.add(s);
        return s;
    }

    /**
     * A push subscription: a thread named {@code pmdi-feed-<name>} takes items from a queue of
     * {@code capacity} items and calls {@code consumer} (not null) with each. An exception
     * thrown by the consumer is counted ({@link Delivery#failures()}) and delivery goes on.
     */
    public Delivery subscribe(String name, int capacity, Consumer<? super TraceItem> consumer) {
        if (consumer == null) {
            throw new IllegalArgumentException("consumer must not be null");
        }
        return subscribe(name, capacity, Overflow.DROP, consumer::accept);
    }

    /**
     * As {@link #subscribe(String, int, Consumer)} with {@code overflow} (not null) and a
     * {@code listener} (not null) that is also told where items were dropped.
     */
    public Delivery subscribe(String name, int capacity, Overflow overflow, FeedListener listener) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must not be null or empty");
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        Delivery d = Delivery.start(name, subscribe(capacity, overflow), listener);
        deliveries.add(d);
        return d;
    }

    /** True when someone listens (the bridge builds items only then). */
    public boolean hasSubscribers() {
        return !subs.isEmpty();
    }

    /** Offers {@code item} (not null) to every subscriber and wakes them; blocks only for {@code WAIT} subscribers. One publishing thread. */
    public void publish(TraceItem item) {
        for (Subscription s : subs) {
            s.offer(item, true);
        }
    }

    /**
     * Offers {@code item} (not null) to every subscriber without waking them: the publisher
     * calls {@link #endBatch()} after a batch (the bridge does after each read), which saves a
     * wake-up per item. Blocks only for {@code WAIT} subscribers. One publishing thread.
     */
    public void publishBatched(TraceItem item) {
        for (Subscription s : subs) {
            s.offer(item, false);
        }
    }

    /** Wakes the subscribers waiting for items published with {@link #publishBatched}. */
    public void endBatch() {
        for (Subscription s : subs) {
            s.wake();
        }
    }

    /** Items dropped so far, summed over the current subscribers. */
    public long dropped() {
        long n = 0;
        for (Subscription s : subs) {
            n += s.dropped();
        }
        return n;
    }

    void remove(Subscription s) {
        subs.remove(s);
    }

    /** Closes every subscription and stops every push delivery thread (waiting up to 2 s each). */
    @Override
    public void close() {
        closed = true;
        for (Delivery d : deliveries) {
            d.close(Duration.ofSeconds(2));
        }
        deliveries.clear();
        for (Subscription s : subs) {
            s.close();
        }
    }
}
