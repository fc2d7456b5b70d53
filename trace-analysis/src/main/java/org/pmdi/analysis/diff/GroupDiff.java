package org.pmdi.analysis.diff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One group on both sides (or one): per phase key ("total" first, then the six phases in
 * order) each side's statistics, the compared statistics, and for the viewer the histograms
 * (ns; the total's with 3 significant digits,
 * the phases' with 2; do not modify them) and each side's slowest requests.
 *
 * <pre>{@code
 * SideStats drv = g.neu().get("driver");      // null when the new trace has none
 * g.changes().stream().filter(Change::significant)...
 * }</pre>
 *
 * A side without the group has empty maps and lists; changes are made only for phases both
 * sides measured.
 */
public record GroupDiff(GroupKey key, Map<String, SideStats> base, Map<String, SideStats> neu, List<Change> changes,
        Map<String, Histogram> baseHist, Map<String, Histogram> newHist, List<Slowest> slowestBase,
        List<Slowest> slowestNew) {
    public GroupDiff {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        base = ordered(base);
        neu = ordered(neu);
        changes = List.copyOf(changes);
        baseHist = ordered(baseHist);
        newHist = ordered(newHist);
        slowestBase = List.copyOf(slowestBase);
        slowestNew = List.copyOf(slowestNew);
    }

    /** Whether the base trace has requests of this group. */
    public boolean inBase() {
        return !base.isEmpty();
    }

    /** Whether the new trace has requests of this group. */
    public boolean inNew() {
        return !neu.isEmpty();
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
