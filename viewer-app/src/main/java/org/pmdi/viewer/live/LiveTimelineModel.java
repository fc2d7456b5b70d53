package org.pmdi.viewer.live;

import org.pmdi.trace.SessionHeader;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.timeline.LaneLayout;
import org.pmdi.viewer.timeline.RequestSpans;
import org.pmdi.viewer.timeline.TimelineData;
import org.pmdi.viewer.timeline.TimelineModel;
import org.pmdi.viewer.timeline.Viewport;

/**
 * Timeline data of a live stream: the visible range copied out of the {@link LiveStore} and
 * its requests stitched, rebuilt only when new events arrived or the view moved.
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
        long span = v.spanNs();
        long from = v.startNs() - span / 10;
        long to = v.endNs() + span / 10;
        EventColumns ev = store.range(from, to);
        RequestSpans spans = RequestSpans.of(ev, LaneLayout.DEVICE_ROWS);
        cached = TimelineData.of(layout(), null, ev, spans, from, Long.MAX_VALUE, false);
        cachedVersion = ver;
        cachedView = v;
        drawnArrivalNanos = arrival;
        builtCount = count;
        return cached;
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
