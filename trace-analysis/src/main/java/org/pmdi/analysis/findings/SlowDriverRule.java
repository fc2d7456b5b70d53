package org.pmdi.analysis.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.latency.LatencyStats;
import org.pmdi.analysis.request.Phase;

/**
 * The slow-driver finding, decided against the other devices of the same trace: a device
 * is slow when its in-driver p99 is at least {@code factor} times the median in-driver p99
 * of its peers (the other devices of the same class), each with at least {@code minCount}
 * in-driver samples. The evidence gives both p99s, the ratio and the device's share of its
 * class's slowest 1 % of driver calls.
 *
 * <pre>{@code
 * List<Finding> f = SlowDriverRule.of(3.0, 20).evaluate(stats, dev -> classOf(dev), dev -> nameOf(dev));
 * }</pre>
 *
 * Devices without a same-class peer are never called slow: a disk is not slow for being
 * slower than the null device. Immutable.
 */
public final class SlowDriverRule {
    private final double factor;
    private final long minCount;

    private SlowDriverRule(double factor, long minCount) {
        this.factor = factor;
        this.minCount = minCount;
    }

    /** A rule with {@code factor} > 1 and {@code minCount} ≥ 1. */
    public static SlowDriverRule of(double factor, long minCount) {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("factor must be > 1, was " + factor);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
        }
        return new SlowDriverRule(factor, minCount);
    }

    public static SlowDriverRule defaults() {
        return of(3.0, 20);
    }

    /**
     * @param classOf device id → device class code (-1 unknown)
     * @param nameOf  device id → "name (driver)" for the text
     */
    public List<Finding> evaluate(LatencyStats stats, IntFunction<Integer> classOf, IntFunction<String> nameOf) {
        List<Finding> out = new ArrayList<>();
        int drv = Phase.DRIVER.ordinal();
        List<Integer> devs = new ArrayList<>();
        for (int d : stats.devices()) {
            if (d >= 0 && stats.summary(d, drv).count() >= minCount) {
                devs.add(d);
            }
        }
        for (int d : devs) {
            List<Integer> peers = new ArrayList<>();
            for (int o : devs) {
                if (o != d && classOf.apply(o).equals(classOf.apply(d))) {
                    peers.add(o);
                }
            }
            if (peers.isEmpty()) {
                continue;
            }
            long mine = stats.summary(d, drv).p99Ns();
            long[] p = peers.stream().mapToLong(o -> stats.summary(o, drv).p99Ns()).sorted().toArray();
            long median = p[p.length / 2];
            if (mine < factor * Math.max(1, median)) {
                continue;
            }
            Histogram all = stats.histogramCopy(d, drv);
            for (int o : peers) {
                all.add(stats.histogramCopy(o, drv));
            }
            long cut = all.getValueAtPercentile(99);
            Histogram h = stats.histogramCopy(d, drv);
            long mineAbove = h.getCountBetweenValues(all.lowestEquivalentValue(cut) + 1, Math.max(h.getMaxValue(), cut + 1));
            long allAbove = all.getCountBetweenValues(all.lowestEquivalentValue(cut) + 1, Math.max(all.getMaxValue(), cut + 1));
            double share = allAbove == 0 ? 1.0 : (double) mineAbove / allAbove;
            String peerNames = String.join(", ", peers.stream().map(nameOf::apply).toList());
            out.add(Finding.of(FindingKind.SLOW_DRIVER, Severity.WARNING,
                    nameOf.apply(d) + " is the slow driver: in-driver p99 " + Durations.format(mine) + ", "
                            + String.format(Locale.ROOT, "%.1f", (double) mine / Math.max(1, median))
                            + "x the other " + peers.size() + " device(s) of its class",
                    d, -1, org.pmdi.analysis.request.Request.ABSENT,
                    List.of("in-driver p50 " + Durations.format(stats.summary(d, drv).p50Ns()) + ", p99 "
                            + Durations.format(mine) + ", max " + Durations.format(stats.summary(d, drv).maxNs())
                            + " over " + stats.summary(d, drv).count() + " requests",
                            "peers (" + peerNames + "): median in-driver p99 " + Durations.format(median),
                            "total p99 " + Durations.format(stats.summary(d, LatencyStats.TOTAL).p99Ns()),
                            String.format(Locale.ROOT, "%.0f%% of the class's slowest 1%% of driver calls", share * 100))));
        }
        return out;
    }
}
