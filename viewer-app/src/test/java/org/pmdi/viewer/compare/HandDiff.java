package org.pmdi.viewer.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.diff.Change;
import org.pmdi.analysis.diff.DiffConfig;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.GroupDiff;
import org.pmdi.analysis.diff.GroupKey;
import org.pmdi.analysis.diff.SideStats;
import org.pmdi.analysis.diff.Slowest;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Request;

/**
 * A {@link DiffReport} made by hand for the viewer's tests, from two real traces: one group
 * per device (all ops and sizes), the measured histograms (total and in driver) and slowest
 * requests of each side, and a p99 change per phase whose interval is the ratio ×/÷ 1.2 (no
 * statistics: the viewer only shows what a report says). Ordered as DiffReport.changes()
 * promises. Not the comparison engine.
 */
final class HandDiff {
    private static final List<String> PHASES = List.of("total", Phase.DRIVER.key());

    private HandDiff() {
    }

    /** The per-device side of one trace. */
    private record Side(Map<String, Map<String, Histogram>> hist, Map<String, List<Slowest>> slowest, long events) {
    }

    static DiffReport of(Path base, Path neu) throws IOException {
        Side b = read(base);
        Side n = read(neu);
        DiffConfig cfg = DiffConfig.defaults();
        List<GroupDiff> groups = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (String dev : new TreeMap<>(b.hist()).keySet()) {
            if (!n.hist().containsKey(dev)) {
                continue;
            }
            GroupKey key = new GroupKey(dev, "block", "read", 4096);
            List<Change> mine = new ArrayList<>();
            Map<String, SideStats> bs = new LinkedHashMap<>();
            Map<String, SideStats> ns = new LinkedHashMap<>();
            for (String ph : PHASES) {
                Histogram hb = b.hist().get(dev).get(ph);
                Histogram hn = n.hist().get(dev).get(ph);
                bs.put(ph, stats(hb));
                ns.put(ph, stats(hn));
                long p99b = Math.max(1, hb.getValueAtPercentile(99));
                long p99n = Math.max(1, hn.getValueAtPercentile(99));
                double r = (double) p99n / p99b;
                double lo = r / 1.2;
                double hi = r * 1.2;
                boolean enough = hb.getTotalCount() >= 100 && hn.getTotalCount() >= 100;
                boolean sig = enough && (lo > cfg.minEffect() || hi < 1 / cfg.minEffect());
                mine.add(new Change(key, ph, "p99", p99b, p99n, r, lo, hi, enough, sig));
            }
            changes.addAll(mine);
            groups.add(new GroupDiff(key, bs, ns, mine, b.hist().get(dev), n.hist().get(dev),
                    b.slowest().get(dev), n.slowest().get(dev)));
        }
        changes.sort(Comparator.comparingInt(HandDiff::rank)
                .thenComparing(Comparator.comparingDouble((Change c) -> c.ratio()).reversed()));
        return new DiffReport(base.toString(), neu.toString(), cfg, groups, changes, List.of(), List.of(),
                List.of(), List.of(), changes.size(), b.events(), n.events());
    }

    private static int rank(Change c) {
        return c.regression() ? 0 : c.significant() ? 1 : 2;
    }

    private static SideStats stats(Histogram h) {
        return new SideStats(h.getTotalCount(), 0, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getMaxValue());
    }

    private static Side read(Path p) throws IOException {
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        Map<Integer, Map<String, Histogram>> hist = new HashMap<>();
        Map<Integer, List<Slowest>> slow = new HashMap<>();
        a.addRequestListener(v -> {
            long total = v.totalNs();
            long drv = v.phaseNs(Phase.DRIVER);
            if (v.status() != 0 || total == Request.ABSENT || total <= 0) {
                return;
            }
            Map<String, Histogram> m = hist.computeIfAbsent(v.device(), d -> {
                Map<String, Histogram> x = new LinkedHashMap<>();
                PHASES.forEach(ph -> x.put(ph, new Histogram(3)));
                return x;
            });
            m.get("total").recordValue(total);
            if (drv != Request.ABSENT && drv > 0) {
                m.get(Phase.DRIVER.key()).recordValue(drv);
            }
            slow.computeIfAbsent(v.device(), d -> new ArrayList<>())
                    .add(new Slowest(v.id(), v.pointNs(org.pmdi.analysis.request.Point.POST), total));
        });
        TraceFiles.decode(p, a);
        a.finish();
        Map<String, Map<String, Histogram>> byName = new HashMap<>();
        Map<String, List<Slowest>> slowByName = new HashMap<>();
        hist.forEach((d, m) -> byName.put(a.deviceName(d), m));
        slow.forEach((d, l) -> slowByName.put(a.deviceName(d), l.stream()
                .sorted(Comparator.comparingLong(Slowest::totalNs).reversed()).limit(5).toList()));
        return new Side(byName, slowByName, a.events());
    }
}
