package org.pmdi.bridge;

import java.util.Arrays;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * The bridge's decoder callbacks: counts outstanding requests and, when the live feed has
 * subscribers, turns each decoded item into a {@link org.pmdi.trace.TraceItem} for it.
 *
 * <pre>{@code
 * StreamDecoder d = StreamDecoder.create(new FeedPublisher(feed, outstanding));
 * }</pre>
 *
 * Runs on the reader thread; allocates only when someone subscribes.
 */
final class FeedPublisher implements TraceVisitor {
    private static final byte[] NO_BLOB = new byte[0];
    private static final long[] NO_ARGS = new long[0];

    private final LiveFeed feed;
    private final OutstandingRequests outstanding;

    FeedPublisher(LiveFeed feed, OutstandingRequests outstanding) {
        this.feed = feed;
        this.outstanding = outstanding;
    }

    @Override
    public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
        outstanding.onEvent(type, req);
        if (feed.hasSubscribers()) {
            feed.publishBatched(new TraceEvent(source, seq, type, tsc, req, Arrays.copyOf(args, nargs), NO_BLOB));
        }
    }

    @Override
    public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        if (feed.hasSubscribers()) {
            feed.publishBatched(new TraceEvent(source, seq, type, tsc, req, NO_ARGS,
                    Arrays.copyOfRange(buf, off, off + len)));
        }
    }

    @Override
    public void onHeader(SessionHeader header) {
        outstanding.onSession(header.sessionId());
        feed.publishBatched(header);
    }

    @Override
    public void onGap(GapMark gap) {
        feed.publishBatched(gap);
    }
}
