package org.pmdi.analysis.diff;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A group on both sides (or one): per phase key ("total" first, then the six phases in
 * order) each side's stats, its changes, and for the viewer the histograms and each side's
 * slowest requests.
 */
public record GroupDiff(GroupKey key, Map<String, SideStats> base, Map<String, SideStats> neu, List<Change> changes,
        Map<String, Histogram> baseHist, Map<String, Histogram> newHist, List<Slowest> slowestBase,
        List<Slowest> slowestNew) {
    public GroupDiff {
        changes = List.copyOf(changes);
        slowestBase = List.copyOf(slowestBase);
        slowestNew = List.copyOf(slowestNew);
    }
}
