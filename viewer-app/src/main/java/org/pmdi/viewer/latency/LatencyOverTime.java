package org.pmdi.viewer.latency;

import java.util.ArrayList;
import java.util.List;

/**
 * Binned density of request latency over time, per device, for drawing more requests than
 * there are pixels: time bins × log-latency bins, each with a count and an exemplar request
 * (the slowest one in the cell, so that a click can select it). Fed with the latencies the
 * analysis computed (it computes nothing itself).
 *
 * <pre>{@code
 * LatencyOverTime o = LatencyOverTime.create(512, 1_000_000);   // 512 time bins of ≥ 1 ms
 * o.add(dev, req, postNs, totalNs);
 * for (LatencyOverTime.Cell c : o.snapshot().cells(dev)) plot(c.timeNs(), c.latencyNs(), c.count());
 * }</pre>
 *
 * When a time beyond the last bin arrives, bins double in width (pairs merge), so memory stays
 * fixed for any trace length. Latency bins: 4 per power of two from 1 µs down to 1 ns up.
 * Not thread-safe; {@link #snapshot()} returns an immutable copy.
 */
public final class LatencyOverTime {
    /** Latency bins per power of two. */
    public static final int SUB = 4;
    public static final int LAT_BINS = 64 * SUB;
    private final int timeBins;
    private long binNs;
    private final List<DeviceBins> devices = new ArrayList<>();

    private LatencyOverTime(int timeBins, long binNs) {
        this.timeBins = timeBins;
        this.binNs = binNs;
    }

    public static LatencyOverTime create(int timeBins, long initialBinNs) {
        if (timeBins < 2 || initialBinNs < 1) {
            throw new IllegalArgumentException("timeBins must be ≥ 2 and initialBinNs ≥ 1");
        }
        return new LatencyOverTime(timeBins, initialBinNs);
    }

    /** One non-empty cell. */
    public record Cell(int device, long timeNs, long binNs, long latencyNs, long count, long exemplarReq,
            long exemplarNs, long exemplarLatencyNs) {
    }

    private final class DeviceBins {
        final int dev;
        final long[][] count = new long[timeBins][];
        final long[][] exReq = new long[timeBins][];
        final long[][] exNs = new long[timeBins][];
        final long[][] exLat = new long[timeBins][];

        DeviceBins(int dev) {
            this.dev = dev;
        }
    }

    /** Latency bin of {@code ns}. */
    public static int latBin(long ns) {
        if (ns <= 1) {
            return 0;
        }
        double l = Math.log(ns) / Math.log(2) * SUB;
        return (int) Math.min(LAT_BINS - 1, Math.max(0, Math.floor(l)));
    }

    /** Lower bound of latency bin {@code b}, ns. */
    public static long latBinStart(int b) {
        return (long) Math.pow(2, (double) b / SUB);
    }

    private DeviceBins dev(int d) {
        for (DeviceBins b : devices) {
            if (b.dev == d) {
                return b;
            }
        }
        DeviceBins b = new DeviceBins(d);
        devices.add(b);
        return b;
    }

    /** Adds one completed request: posted at {@code atNs} (≥ 0), total latency {@code latNs}. */
    public void add(int device, long req, long atNs, long latNs) {
        if (atNs < 0 || latNs < 0) {
            return;
        }
        while (atNs / binNs >= timeBins) {
            widen();
        }
        DeviceBins d = dev(device);
        int t = (int) (atNs / binNs);
        int l = latBin(latNs);
        if (d.count[t] == null) {
            d.count[t] = new long[LAT_BINS];
            d.exReq[t] = new long[LAT_BINS];
            d.exNs[t] = new long[LAT_BINS];
            d.exLat[t] = new long[LAT_BINS];
        }
        d.count[t][l]++;
        if (latNs >= d.exLat[t][l]) {
            d.exLat[t][l] = latNs;
            d.exReq[t][l] = req;
            d.exNs[t][l] = atNs;
        }
    }

    private void widen() {
        for (DeviceBins d : devices) {
            for (int t = 0; t < timeBins; t++) {
                int dst = t / 2;
                if (d.count[t] == null) {
                    if (t % 2 == 0) {
                        d.count[dst] = null;
                        d.exReq[dst] = null;
                        d.exNs[dst] = null;
                        d.exLat[dst] = null;
                    }
                    continue;
                }
                if (t % 2 == 0 || d.count[dst] == null) {
                    d.count[dst] = d.count[t];
                    d.exReq[dst] = d.exReq[t];
                    d.exNs[dst] = d.exNs[t];
                    d.exLat[dst] = d.exLat[t];
                } else {
                    for (int l = 0; l < LAT_BINS; l++) {
                        d.count[dst][l] += d.count[t][l];
                        if (d.exLat[t][l] >= d.exLat[dst][l] && d.count[t][l] > 0) {
                            d.exLat[dst][l] = d.exLat[t][l];
                            d.exReq[dst][l] = d.exReq[t][l];
                            d.exNs[dst][l] = d.exNs[t][l];
                        }
                    }
                }
                if (t != dst) {
                    d.count[t] = null;
                    d.exReq[t] = null;
                    d.exNs[t] = null;
                    d.exLat[t] = null;
                }
            }
        }
        binNs *= 2;
    }

    public long binNs() {
        return binNs;
    }

    /** Immutable cells of every device. */
    public Snapshot snapshot() {
        List<Cell> out = new ArrayList<>();
        for (DeviceBins d : devices) {
            for (int t = 0; t < timeBins; t++) {
                if (d.count[t] == null) {
                    continue;
                }
                for (int l = 0; l < LAT_BINS; l++) {
                    if (d.count[t][l] > 0) {
                        out.add(new Cell(d.dev, t * binNs, binNs, latBinStart(l), d.count[t][l], d.exReq[t][l],
                                d.exNs[t][l], d.exLat[t][l]));
                    }
                }
            }
        }
        return new Snapshot(out, binNs);
    }

    /** Cells at one moment. */
    public record Snapshot(List<Cell> cells, long binNs) {
        public Snapshot {
            cells = List.copyOf(cells);
        }

        public static Snapshot empty() {
            return new Snapshot(List.of(), 1);
        }

        public List<Cell> cells(int device) {
            return cells.stream().filter(c -> c.device() == device).toList();
        }

        /** Total requests counted. */
        public long total() {
            return cells.stream().mapToLong(Cell::count).sum();
        }
    }
}
