package org.pmdi.analysis.diff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.request.Phase;

/**
 * Compares two traces: each is streamed once through a {@link org.pmdi.analysis.TraceAnalyzer}
 * whose request listener fills per-group histograms (memory bounded by the groups, not the
 * requests); then, per group (device, op, size class), phase and percentile, the ratio
 * new/base with a bootstrap confidence interval ({@link PercentileBootstrap}) corrected for
 * the number of comparisons (Bonferroni), failure rates per device, findings that appeared or
 * disappeared, and devices only one side has.
 *
 * <pre>{@code
 * DiffReport r = TraceDiff.compare(Path.of("healthy.pmdt"), Path.of("slow-disk.pmdt"), DiffConfig.defaults());
 * r.significant().get(0).words();  // the biggest regression
 * }</pre>
 */
public final class TraceDiff {
    /** "total" then the six phase keys, in the order of the report. */
    public static final List<String> PHASES = phases();

    private TraceDiff() {
    }

    private static List<String> phases() {
        List<String> p = new ArrayList<>();
        p.add("total");
        for (Phase ph : Phase.values()) {
            p.add(ph.key());
        }
        return List.copyOf(p);
    }

    /** Series index in {@link GroupCollector} of a {@link #PHASES} entry. */
    private static int series(int phaseIndex) {
        return phaseIndex == 0 ? GroupCollector.TOTAL : phaseIndex - 1;
    }

    /** Compares {@code base} with {@code neu} (not null), each read once. */
    public static DiffReport compare(Path base, Path neu, DiffConfig config) throws IOException {
        if (base == null || neu == null || config == null) {
            throw new IllegalArgumentException("base, neu and config must not be null");
        }
        AnalysisConfig ac = AnalysisConfig.defaults();
        Side b = Side.read(base, ac);
        Side n = Side.read(neu, ac);
        return compare(base.toString(), b, neu.toString(), n, config);
    }

    /** One statistic to compare: its place and both histograms. */
    private record Candidate(GroupKey key, int phase, Stat stat, Histogram base, Histogram neu) {
    }

    static DiffReport compare(String basePath, Side b, String newPath, Side n, DiffConfig config) {
        Set<GroupKey> keys = new TreeSet<>(Comparator.comparing(GroupKey::device).thenComparing(GroupKey::deviceClass)
                .thenComparing(GroupKey::op).thenComparingLong(GroupKey::sizeClass));
        keys.addAll(b.groups().keySet());
        keys.addAll(n.groups().keySet());
        List<Candidate> candidates = new ArrayList<>();
        int comparisons = 0;
        for (GroupKey k : keys) {
            Side.Group gb = b.groups().get(k);
            Side.Group gn = n.groups().get(k);
            if (gb == null || gn == null) {
                continue;
            }
            for (int p = 0; p < PHASES.size(); p++) {
                Histogram hb = gb.hist()[series(p)];
                Histogram hn = gn.hist()[series(p)];
                if (hb == null || hn == null) {
                    continue;
                }
                for (Stat s : Stat.values()) {
                    candidates.add(new Candidate(k, p, s, hb, hn));
                    if (s.enough(hb.getTotalCount(), hn.getTotalCount())) {
                        comparisons++;
                    }
                }
            }
        }
        double alpha = (1 - config.confidence()) / Math.max(1, comparisons);
        SplittableRandom master = new SplittableRandom(config.seed());
        Map<GroupKey, List<Change>> byGroup = new LinkedHashMap<>();
        List<Change> all = new ArrayList<>();
        for (Candidate c : candidates) {
            // one stream per candidate, split in a fixed order: reproducible for a seed
            SplittableRandom rnd = master.split();
            Change ch = change(c, alpha, config, rnd);
            byGroup.computeIfAbsent(c.key(), x -> new ArrayList<>()).add(ch);
            all.add(ch);
        }
        List<GroupDiff> groups = new ArrayList<>();
        for (GroupKey k : keys) {
            groups.add(groupDiff(k, b, n, byGroup.getOrDefault(k, List.of())));
        }
        return new DiffReport(basePath, newPath, config, groups, order(all), errors(b.snapshot(), n.snapshot()),
                findings(b.snapshot(), n.snapshot()), onlyIn(b.snapshot(), n.snapshot()),
                onlyIn(n.snapshot(), b.snapshot()), comparisons, b.events(), n.events(), loss(b.snapshot()),
                loss(n.snapshot()));
    }

    /** The trace's EVENTS_LOST summary, or "" when it lost nothing. */
    private static String loss(AnalysisSnapshot s) {
        return s.findings().stream().filter(f -> f.kind() == FindingKind.EVENTS_LOST).map(Finding::summary)
                .findFirst().orElse("");
    }

    private static Change change(Candidate c, double alpha, DiffConfig config, SplittableRandom rnd) {
        long vb = c.base().getValueAtPercentile(c.stat().percentile());
        long vn = c.neu().getValueAtPercentile(c.stat().percentile());
        long floor = config.resolutionNs();
        double ratio = (double) Math.max(vn, floor) / Math.max(vb, floor);
        boolean enough = c.stat().enough(c.base().getTotalCount(), c.neu().getTotalCount());
        double lo = Double.NaN;
        double hi = Double.NaN;
        boolean significant = false;
        if (enough) {
            PercentileBootstrap.Interval ci = PercentileBootstrap.ratio(Bins.of(c.base()), Bins.of(c.neu()),
                    c.stat().percentile(), alpha, config.rounds(), floor, rnd);
            lo = ci.low();
            hi = ci.high();
            significant = lo > config.minEffect() || hi < 1 / config.minEffect();
        }
        return new Change(c.key(), PHASES.get(c.phase()), c.stat().key(), vb, vn, ratio, lo, hi, enough, significant);
    }

    /** Significant regressions by ratio (largest first), significant improvements (smallest first), the rest. */
    static List<Change> order(List<Change> changes) {
        List<Change> out = new ArrayList<>();
        changes.stream().filter(Change::regression).sorted(Comparator.comparingDouble(Change::ratio).reversed())
                .forEach(out::add);
        changes.stream().filter(c -> c.significant() && !c.regression())
                .sorted(Comparator.comparingDouble(Change::ratio)).forEach(out::add);
        changes.stream().filter(c -> !c.significant()).forEach(out::add);
        return out;
    }

    private static GroupDiff groupDiff(GroupKey k, Side b, Side n, List<Change> changes) {
        Side.Group gb = b.groups().get(k);
        Side.Group gn = n.groups().get(k);
        Map<String, SideStats> sb = new LinkedHashMap<>();
        Map<String, SideStats> sn = new LinkedHashMap<>();
        Map<String, Histogram> hb = new LinkedHashMap<>();
        Map<String, Histogram> hn = new LinkedHashMap<>();
        for (int p = 0; p < PHASES.size(); p++) {
            String phase = PHASES.get(p);
            if (gb != null && gb.hist()[series(p)] != null) {
                hb.put(phase, gb.hist()[series(p)]);
                sb.put(phase, SideStats.of(gb.hist()[series(p)], b.spanSeconds()));
            }
            if (gn != null && gn.hist()[series(p)] != null) {
                hn.put(phase, gn.hist()[series(p)]);
                sn.put(phase, SideStats.of(gn.hist()[series(p)], n.spanSeconds()));
            }
        }
        return new GroupDiff(k, sb, sn, changes, hb, hn, gb == null ? List.of() : gb.slowest(),
                gn == null ? List.of() : gn.slowest());
    }

    /** Per device name with answered requests on either side, in the base's device order then the new's. */
    static List<ErrorDiff> errors(AnalysisSnapshot b, AnalysisSnapshot n) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (DeviceErrors e : b.errors()) {
            long[] c = m.computeIfAbsent(Side.name(b, e.device()), x -> new long[4]);
            c[0] += e.requests();
            c[1] += e.failed();
        }
        for (DeviceErrors e : n.errors()) {
            long[] c = m.computeIfAbsent(Side.name(n, e.device()), x -> new long[4]);
            c[2] += e.requests();
            c[3] += e.failed();
        }
        List<ErrorDiff> out = new ArrayList<>();
        m.forEach((name, c) -> out.add(new ErrorDiff(name, c[0], c[1], c[2], c[3])));
        return out;
    }

    /** Findings by (kind, device name) on one side only: the disappeared ones, then the appeared ones. */
    static List<FindingDiff> findings(AnalysisSnapshot b, AnalysisSnapshot n) {
        Map<String, Finding> fb = byKindAndDevice(b);
        Map<String, Finding> fn = byKindAndDevice(n);
        List<FindingDiff> out = new ArrayList<>();
        fb.forEach((k, f) -> {
            if (!fn.containsKey(k)) {
                out.add(new FindingDiff(f.kind().name(), deviceOf(b, f), false, f.summary()));
            }
        });
        fn.forEach((k, f) -> {
            if (!fb.containsKey(k)) {
                out.add(new FindingDiff(f.kind().name(), deviceOf(n, f), true, f.summary()));
            }
        });
        return out;
    }

    private static Map<String, Finding> byKindAndDevice(AnalysisSnapshot s) {
        Map<String, Finding> m = new LinkedHashMap<>();
        for (Finding f : s.findings()) {
            m.putIfAbsent(f.kind().name() + "\u0000" + deviceOf(s, f), f); // the first (most severe) of a kind
        }
        return m;
    }

    private static String deviceOf(AnalysisSnapshot s, Finding f) {
        return f.device() < 0 ? "" : Side.name(s, f.device());
    }

    /** Names of the devices (by name and class) of {@code a} that {@code other} lacks. */
    static List<String> onlyIn(AnalysisSnapshot a, AnalysisSnapshot other) {
        Set<String> theirs = new LinkedHashSet<>();
        for (DeviceInfo d : other.devices()) {
            theirs.add(d.name() + "\u0000" + d.deviceClass());
        }
        List<String> out = new ArrayList<>();
        for (DeviceInfo d : a.devices()) {
            if (d.id() >= 0 && !theirs.contains(d.name() + "\u0000" + d.deviceClass())) {
                out.add(d.name());
            }
        }
        return out;
    }
}
