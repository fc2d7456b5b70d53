package org.pmdi.bridge.cli;

import java.io.PrintStream;
import java.time.Duration;
import org.pmdi.bridge.feed.Delivery;
import org.pmdi.bridge.feed.FeedListener;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.feed.Overflow;
import org.pmdi.bridge.transport.Transport;
import org.pmdi.trace.TraceItem;

/**
 * {@code attach --events}: prints every item of the feed, one a line, and never loses one
 * silently. Inputs that keep their data (a file, a replay) are printed losslessly: a slow
 * output holds the reader back. From a live input (serial, TCP) items the output could not
 * keep up with are dropped, and a line says so where they were:
 *
 * <pre>
 * # 1234 events dropped (consumer too slow)
 * </pre>
 */
final class EventPrinter implements FeedListener {
    /** Queue between the reader and the printing thread. */
    static final int CAPACITY = 1 << 16;
    /**
     * How long the printer may take for what is queued when the session ends: what arrived
     * is printed (at most {@link #CAPACITY} lines), not cut off.
     */
    private static final Duration DRAIN = Duration.ofDays(1);

    private final PrintStream out;

    private EventPrinter(PrintStream out) {
        this.out = out;
    }

    /** Subscribes a printer to {@code feed}, losslessly when {@code transport} keeps its data. */
    static Delivery subscribe(LiveFeed feed, Transport transport, PrintStream out) {
        return subscribe(feed, transport.keepsData() ? Overflow.WAIT : Overflow.DROP, CAPACITY, out);
    }

    /** As {@link #subscribe(LiveFeed, Transport, PrintStream)} with the policy and queue size given (tests). */
    static Delivery subscribe(LiveFeed feed, Overflow overflow, int capacity, PrintStream out) {
        return feed.subscribe("print", capacity, overflow, new EventPrinter(out));
    }

    /** Prints what is still queued, and where items were dropped after it, then stops the printing thread. */
    static void finish(Delivery printer) {
        printer.close(DRAIN);
    }

    static String droppedLine(long count) {
        return "# " + count + " events dropped (consumer too slow)";
    }

    @Override
    public void onItem(TraceItem item) {
        out.println(item);
    }

    @Override
    public void onDropped(long count) {
        out.println(droppedLine(count));
    }
}
