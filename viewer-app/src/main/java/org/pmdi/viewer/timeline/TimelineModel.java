package org.pmdi.viewer.timeline;

/**
 * Where the timeline gets its data: a saved trace (summaries plus windows decoded on demand)
 * or a live stream.
 *
 * <pre>{@code
 * TimelineData d = model.dataFor(viewport, view::redraw);   // may start a decode; calls back when ready
 * }</pre>
 */
public interface TimelineModel {
    LaneLayout layout();

    /** Length of the known timeline, ns. */
    long durationNs();

    /**
     * The best data for {@code v} now; when better data is being prepared, {@code ready} is
     * called on the FX thread once it is there.
     */
    TimelineData dataFor(Viewport v, Runnable ready);

    /** Changes whenever the data changes by itself (a live stream); constant for a file. */
    default long version() {
        return 0;
    }

    /** True while a window is being decoded. */
    default boolean busy() {
        return false;
    }
}
