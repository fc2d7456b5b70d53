package org.pmdi.viewer.timeline;

import org.pmdi.viewer.data.EventColumns;

/**
 * What the timeline has to draw from at one moment: the file's bucket summaries (null for a
 * live stream) and the decoded window with its stitched requests (null while none is
 * decoded).
 *
 * <pre>{@code
 * TimelineData d = TimelineData.of(layout, index, window, spans, windowFrom, windowTo, false);
 * }</pre>
 *
 * @param index        the file's bucket summaries, or null (a live stream)
 * @param windowFromNs start of the decoded window (events before it are not in {@code events})
 * @param windowToNs   end of the decoded window
 * @param truncated    the window had more events than were kept
 * @param selectedReq  request to outline, 0 for none
 */
public record TimelineData(LaneLayout layout, BucketArrays index, EventColumns events, WindowRequests spans,
        long windowFromNs, long windowToNs, boolean truncated, long selectedReq) {

    public static TimelineData of(LaneLayout layout, BucketArrays index, EventColumns events, WindowRequests spans,
            long windowFromNs, long windowToNs, boolean truncated) {
        return new TimelineData(layout, index, events, spans, windowFromNs, windowToNs, truncated, 0);
    }

    public TimelineData withSelection(long req) {
        return new TimelineData(layout, index, events, spans, windowFromNs, windowToNs, truncated, req);
    }

    /**
     * True when the decoded window reaches the newest event (a request not done in it is
     * outstanding); false when it ends earlier (such a request goes on after the window).
     */
    public boolean reachesNewest() {
        return windowToNs == Long.MAX_VALUE;
    }

    /** True when the decoded window covers {@code [from, to)}. */
    public boolean windowCovers(long from, long to) {
        return events != null && windowFromNs <= from && windowToNs >= to;
    }
}
