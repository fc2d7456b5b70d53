package org.pmdi.bridge.feed;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded single-producer, single-consumer queue that never blocks the producer: an
 * offer to a full ring fails at once.
 *
 * <pre>{@code
 * SpscRing<T> r = new SpscRing<>(1024);
 * if (!r.offer(x)) dropped++;        // producer thread
 * T y = r.poll(10_000_000L);         // consumer thread: waits up to 10 ms
 * }</pre>
 *
 * Capacity is rounded up to a power of two (1..2^24). Indices are free-running longs masked
 * on use. The producer owns {@code tail}, the consumer owns {@code head}; a parked consumer
 * registers itself in {@code waiter} and is unparked after an offer.
 */
final class SpscRing<T> {
    private final Object[] slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private volatile Thread waiter;

    SpscRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("capacity must be 1..2^24, was " + capacity);
        }
        int c = Integer.highestOneBit(capacity);
        if (c < capacity) {
            c <<= 1;
        }
        slots = new Object[c];
        mask = c - 1;
    }

    int capacity() {
        return slots.length;
    }

    int size() {
        return (int) (tail.get() - head.get());
    }

    /** Producer: appends {@code x} (not null) unless the ring is full, and wakes a parked consumer. */
    boolean offer(T x) {
        boolean ok = offerQuietly(x);
        wake();
        return ok;
    }

    /**
     * Producer: appends {@code x} (not null) unless the ring is full, without waking the
     * consumer; the producer calls {@link #wake()} after a batch (one syscall per batch, not per item).
     */
    boolean offerQuietly(T x) {
        long t = tail.get();
        if (t - head.get() >= slots.length) {
            return false;
        }
        slots[(int) t & mask] = x;
        // the slot's content before the new tail (volatile set: also orders it before a later read of waiter)
        tail.set(t + 1);
        return true;
    }

    /** Consumer: the next item, or null when empty. */
    @SuppressWarnings("unchecked")
    T poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int i = (int) h & mask;
        T x = (T) slots[i];
        slots[i] = null;
        // the slot is free (and read) before the producer may see the new head
        head.set(h + 1);
        return x;
    }

    /** Consumer: the next item, waiting up to {@code timeoutNs}; null on timeout or interrupt. */
    T poll(long timeoutNs) {
        T x = poll();
        if (x != null || timeoutNs <= 0) {
            return x;
        }
        long deadline = System.nanoTime() + timeoutNs;
        Thread me = Thread.currentThread();
        try {
            while (true) {
                waiter = me;
                x = poll();
                if (x != null) {
                    return x;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || me.isInterrupted()) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiter = null;
        }
    }

    /** Wakes a consumer parked in {@link #poll(long)} (after a batch of quiet offers, or on close). */
    void wake() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
