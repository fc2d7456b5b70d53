package org.pmdi.bridge;

import java.util.Arrays;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * The bridge's decoder callbacks: feeds the analysis (for the outstanding requests of the
 * progress line) and, when the live feed has subscribers, turns each decoded item into a
 * {@link org.pmdi.trace.TraceItem} for it.
 *
 * <pre>{@code
 * FeedPublisher p = new FeedPublisher(feed);
 * StreamDecoder d = StreamDecoder.create(p);
 * int n = p.outstanding();
 * }</pre>
 *
 * Outstanding requests are the analysis's queue depths ({@link TraceAnalyzer#queueDepth}),
 * so the progress line and the report count the same requests. Runs on the reader thread;
 * allocates for the feed only when someone subscribes.
 */
final class FeedPublisher implements TraceVisitor {
    private static final byte[] NO_BLOB = new byte[0];
    private static final long[] NO_ARGS = new long[0];

    private final LiveFeed feed;
    private final TraceAnalyzer analysis = TraceAnalyzer.create(AnalysisConfig.defaults());

    FeedPublisher(LiveFeed feed) {
        this.feed = feed;
    }

    /** Requests posted and not done in the current session, on every device. */
    int outstanding() {
        int n = 0;
        for (int d = 0; d < 256; d++) {
            n += analysis.queueDepth(d);
        }
        return n;
    }

    @Override
    public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
        analysis.onEvent(source, seq, type, tsc, req, args, nargs);
        if (feed.hasSubscribers()) {
            feed.publishBatched(new TraceEvent(source, seq, type, tsc, req, Arrays.copyOf(args, nargs), NO_BLOB));
        }
    }

    @Override
    public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        analysis.onBlob(source, seq, type, tsc, req, buf, off, len);
        if (feed.hasSubscribers()) {
            feed.publishBatched(new TraceEvent(source, seq, type, tsc, req, NO_ARGS,
                    Arrays.copyOfRange(buf, off, off + len)));
        }
    }

    @Override
    public void onHeader(SessionHeader header) {
        analysis.onHeader(header);
        feed.publishBatched(header);
    }

    @Override
    public void onGap(GapMark gap) {
        analysis.onGap(gap);
        feed.publishBatched(gap);
    }

    @Override
    public void onBadFrame(boolean unknownKind, long offset) {
        analysis.onBadFrame(unknownKind, offset);
        feed.publishBatched(new BadFrame(unknownKind, offset));
    }
}
