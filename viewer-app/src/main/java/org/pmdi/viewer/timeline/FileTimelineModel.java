package org.pmdi.viewer.timeline;

import java.util.concurrent.ExecutorService;
import javafx.concurrent.Task;
import org.pmdi.viewer.data.OpenedTrace;

/**
 * Timeline data of a saved trace: the index's bucket summaries always, and a decoded window
 * around the view (three view-widths wide, so that panning reuses it) once the view holds few
 * enough events to draw one by one.
 *
 * <pre>{@code
 * FileTimelineModel m = new FileTimelineModel(trace, executor);
 * TimelineData d = m.dataFor(viewport, view::redraw);
 * }</pre>
 *
 * Decoding runs in a {@link Task} on {@code executor}; results are applied on the FX thread.
 * Call from the FX thread only.
 */
public final class FileTimelineModel implements TimelineModel {
    /** Views estimated to hold more events than this are drawn from summaries. */
    public static final long MAX_WINDOW_EVENTS = 600_000;
    private final OpenedTrace trace;
    private final ExecutorService executor;
    private final LaneLayout layout;
    private final BucketArrays buckets;
    private TimelineData current;
    private Task<TimelineData> pending;
    private long pendingFrom;
    private long pendingTo;

    public FileTimelineModel(OpenedTrace trace, ExecutorService executor) {
        this.trace = trace;
        this.executor = executor;
        this.layout = LaneLayout.of(trace.header());
        this.buckets = BucketArrays.of(trace.index());
        this.current = TimelineData.of(layout, buckets, null, null, 0, 0, false);
    }

    @Override
    public LaneLayout layout() {
        return layout;
    }

    @Override
    public long durationNs() {
        return Math.max(Viewport.MIN_SPAN_NS, trace.durationNs());
    }

    public OpenedTrace trace() {
        return trace;
    }

    @Override
    public boolean busy() {
        return pending != null;
    }

    @Override
    public TimelineData dataFor(Viewport v, Runnable ready) {
        long cs = Math.max(0, v.startNs());
        long ce = Math.max(cs, Math.min(trace.durationNs(), v.endNs()));
        if (current.windowCovers(cs, ce)) {
            return current;
        }
        long span = v.spanNs();
        long from = Math.max(0, v.startNs() - span);
        long to = v.endNs() + span;
        if (trace.estimateEvents(from, to) > MAX_WINDOW_EVENTS) {
            return current;
        }
        if (pending != null && pendingFrom <= cs && pendingTo >= ce) {
            return current;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        Task<TimelineData> t = new Task<>() {
            @Override
            protected TimelineData call() {
                return decode(from, to);
            }
        };
        t.setOnSucceeded(e -> {
            if (pending == t) {
                pending = null;
            }
            current = t.getValue();
            ready.run();
        });
        t.setOnFailed(e -> {
            if (pending == t) {
                pending = null;
            }
        });
        pending = t;
        pendingFrom = from;
        pendingTo = to;
        executor.submit(t);
        return current;
    }

    /** Decodes {@code [from, to)} and stitches its requests (any thread). */
    public TimelineData decode(long from, long to) {
        from = Math.max(0, from);
        OpenedTrace.Window w = trace.window(from, to, (int) (MAX_WINDOW_EVENTS * 2));
        WindowRequests spans = WindowRequests.of(w.events(), LaneLayout.DEVICE_ROWS);
        // a window reaching the start or the end of the trace covers everything beyond them
        long f = from <= 0 ? Long.MIN_VALUE : from;
        long t = to >= trace.durationNs() ? Long.MAX_VALUE : to;
        return TimelineData.of(layout, buckets, w.events(), spans, f, t, w.truncated());
    }

    /** Installs data decoded elsewhere (e.g. synchronously by a benchmark). */
    public void install(TimelineData d) {
        current = d;
    }

    public TimelineData current() {
        return current;
    }
}
