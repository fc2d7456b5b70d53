package org.pmdi.viewer.live;

import org.pmdi.trace.SessionHeader;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.timeline.BucketArrays;
import org.pmdi.viewer.timeline.FileTimelineModel;
import org.pmdi.viewer.timeline.LaneLayout;
import org.pmdi.viewer.timeline.TimelineData;
import org.pmdi.viewer.timeline.TimelineModel;
import org.pmdi.viewer.timeline.Viewport;
import org.pmdi.viewer.timeline.WindowRequests;

/**
 * Timeline data of a live stream, drawn as a saved file's is: the session's per-bucket
 * summaries always (a zoomed-out view draws them), and the visible range's events copied out
 * of the {@link LiveStore} with their requests assembled when the view holds few enough events
 * to draw one by one and the store still keeps them. Rebuilt only when new events arrived or
 * the view moved.
 *
 * <pre>{@code
 * timelineView.setModel(new LiveTimelineModel(store), null);
 * }</pre>
 *
 * FX thread only.
 */
public final class LiveTimelineModel implements TimelineModel {
    private final LiveStore store;
    private LaneLayout layout = LaneLayout.of(null);
    private SessionHeader header;
    private TimelineData cached;
    private long cachedVersion = -1;
    private Viewport cachedView;
    private long drawnArrivalNanos;
    private long builtCount;

    public LiveTimelineModel(LiveStore store) {
        this.store = store;
    }

    @Override
    public LaneLayout layout() {
        SessionHeader h = store.header();
        if (h != header) {
            header = h;
            layout = LaneLayout.of(h);
        }
        return layout;
    }

    public SessionHeader header() {
        return store.header();
    }

    @Override
    public long durationNs() {
        return Math.max(Viewport.MIN_SPAN_NS, store.lastNs());
    }

    @Override
    public long version() {
        return store.version();
    }

    @Override
    public TimelineData dataFor(Viewport v, Runnable ready) {
        long ver = store.version();
        if (cached != null && ver == cachedVersion && v.equals(cachedView)) {
            return cached;
        }
        long arrival = store.lastArrivalNanos();
        long count = store.count();
        BucketArrays summaries = store.buckets();
        long span = v.spanNs();
        long from = v.startNs() - span / 10;
        long to = v.endNs() + span / 10;
        long keptFrom = store.keptFromNs();
        if (estimateEvents(summaries, from, to) > FileTimelineModel.MAX_WINDOW_EVENTS
                || (keptFrom != Long.MIN_VALUE && v.startNs() < keptFrom)) {
            // too much to copy each frame, or older than what is kept: the summaries, as for a file
            cached = TimelineData.of(layout(), summaries, null, null, 0, 0, false);
        } else {
            EventColumns ev = store.range(from, to);
            WindowRequests spans = WindowRequests.of(ev, LaneLayout.DEVICE_ROWS);
            // a window short of the newest event does not know how its open requests end
            long windowTo = to >= store.lastNs() ? Long.MAX_VALUE : to;
            cached = TimelineData.of(layout(), summaries, ev, spans, from, windowTo, false);
        }
        cachedVersion = ver;
        cachedView = v;
        drawnArrivalNanos = arrival;
        builtCount = count;
        return cached;
    }

    /** Events in {@code [from, to)} by the summaries (whole buckets). */
    static long estimateEvents(BucketArrays b, long from, long to) {
        if (b.bucketCount() == 0 || to < 0) {
            return 0;
        }
        long n = 0;
        for (int i = b.bucketAt(from), last = b.bucketAt(to); i <= last; i++) {
            n += b.events(i);
        }
        return n;
    }

    /** Events the store held when the last data was built (all of them are in what was drawn). */
    public long builtCount() {
        return builtCount;
    }

    /** System.nanoTime() at which the newest event in the last built data arrived. */
    public long drawnArrivalNanos() {
        return drawnArrivalNanos;
    }
}
