package org.pmdi.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.pmdi.bridge.feed.Subscription;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

/** Collects a subscription's items in the test thread. */
public final class FeedCollector {
    private final Subscription sub;
    private final List<TraceItem> items = new ArrayList<>();

    public FeedCollector(Subscription sub) {
        this.sub = sub;
    }

    /** Polls until {@code done} holds for the collected items or {@code timeout} passes; returns done. */
    public boolean until(Predicate<FeedCollector> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TraceItem x = sub.poll(Duration.ofMillis(20));
            if (x != null) {
                items.add(x);
                sub.drainTo(items, Integer.MAX_VALUE);
            }
        }
        return true;
    }

    public boolean untilEvents(int n, Duration timeout) {
        return until(c -> c.events().size() >= n, timeout);
    }

    public List<TraceItem> items() {
        return items;
    }

    public List<TraceEvent> events() {
        List<TraceEvent> out = new ArrayList<>();
        for (TraceItem x : items) {
            if (x instanceof TraceEvent e) {
                out.add(e);
            }
        }
        return out;
    }

    public List<GapMark> gaps() {
        List<GapMark> out = new ArrayList<>();
        for (TraceItem x : items) {
            if (x instanceof GapMark g) {
                out.add(g);
            }
        }
        return out;
    }
}
