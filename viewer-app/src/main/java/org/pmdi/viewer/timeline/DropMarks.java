package org.pmdi.viewer.timeline;

import java.util.Map;
import org.pmdi.analysis.findings.TimeBins;

/**
 * Where each NIC dropped frames, from the analysis of the whole trace (its NET_DROP records in
 * time bins), for the zoomed-out timeline: the file index's summaries do not count drops, and a
 * drop is a failure to be seen at any zoom. Zoomed in, each NET_DROP is drawn from the events.
 *
 * <pre>{@code
 * DropMarks m = DropMarks.of(result.nicDrops(), controller.toTimelineNs(0));
 * }</pre>
 *
 * @param bins    per device id: the drops' time bins on the analysis's timeline
 * @param shiftNs what to add to an analysis time to place it on the timeline
 */
public record DropMarks(Map<Integer, TimeBins> bins, long shiftNs) {
    private static final DropMarks NONE = new DropMarks(Map.of(), 0);

    public DropMarks {
        bins = Map.copyOf(bins);
    }

    public static DropMarks of(Map<Integer, TimeBins> bins, long shiftNs) {
        return new DropMarks(bins, shiftNs);
    }

    public static DropMarks none() {
        return NONE;
    }
}
