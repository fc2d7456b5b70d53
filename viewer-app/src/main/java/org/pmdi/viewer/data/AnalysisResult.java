package org.pmdi.viewer.data;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.TimeBins;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.viewer.latency.LatencyOverTime;

/**
 * What the views show of trace-analysis's results at one moment: its snapshot, copies of the
 * per-device total-latency histograms, and the latency-over-time density built from the
 * requests it finalized. Immutable; made on the analysis thread, read on the FX thread.
 *
 * <pre>{@code
 * AnalysisResult r = runner.result();
 * int slow = r.slowestDevice();                 // -1 when nothing completed
 * r.snapshot().stuck().forEach(...);
 * }</pre>
 *
 * @param histograms per device id: total latency (REQ_POST → REQ_DONE), ns
 * @param originTsc  AP-clock TSC of the analysis's time 0 (its times are ns from there)
 * @param tscKhzAp   AP TSC frequency the analysis used, kHz (> 0)
 * @param nicDrops   per NIC id: where its frames were dropped (analysis times)
 */
public record AnalysisResult(AnalysisSnapshot snapshot, Map<Integer, Histogram> histograms,
        LatencyOverTime.Snapshot overTime, long originTsc, long tscKhzAp, Map<Integer, TimeBins> nicDrops) {
    public AnalysisResult {
        histograms = Map.copyOf(histograms);
        nicDrops = Map.copyOf(nicDrops);
    }

    /** Without drops (a trace with no NIC). */
    public AnalysisResult(AnalysisSnapshot snapshot, Map<Integer, Histogram> histograms,
            LatencyOverTime.Snapshot overTime, long originTsc, long tscKhzAp) {
        this(snapshot, histograms, overTime, originTsc, tscKhzAp, Map.of());
    }

    /**
     * A time of the analysis (ns from its origin) on a timeline whose time 0 is AP-clock TSC
     * {@code timelineOriginTsc} (a file index's origin may be another event than the analysis's).
     */
    public long toTimelineNs(long analysisNs, long timelineOriginTsc) {
        return analysisNs + Math.round((originTsc - timelineOriginTsc) * 1e6 / Math.max(1, tscKhzAp));
    }

    /**
     * The device the analysis names in its slow-driver finding; without one, the device
     * with the highest p99 total latency in its table; -1 when nothing completed.
     */
    public int slowestDevice() {
        for (Finding f : snapshot.findings()) {
            if (f.kind() == FindingKind.SLOW_DRIVER && f.device() >= 0) {
                return f.device();
            }
        }
        return totals().stream().filter(s -> s.count() > 0).max(Comparator.comparingLong(LatencySummary::p99Ns))
                .map(LatencySummary::device).orElse(-1);
    }

    /** The "total" latency rows, one per device. */
    public List<LatencySummary> totals() {
        return snapshot.latency().stream().filter(s -> "total".equals(s.phase())).toList();
    }

    /** The per-phase rows of one device, in phase order. */
    public List<LatencySummary> phases(int device) {
        return snapshot.latency().stream().filter(s -> s.device() == device && !"total".equals(s.phase())
                && !isDirection(s)).toList();
    }

    /** A NIC's "tx" and "rx" rows with requests in them (none for other devices). */
    public List<LatencySummary> directions(int device) {
        return snapshot.latency().stream().filter(s -> s.device() == device && isDirection(s) && s.count() > 0)
                .toList();
    }

    /** True for a NIC's per-direction row ("tx": post → handed to the driver, "rx": arrival → taken). */
    public static boolean isDirection(LatencySummary s) {
        return "tx".equals(s.phase()) || "rx".equals(s.phase());
    }

    public String deviceLabel(int id) {
        DeviceInfo d = snapshot.device(id);
        return d == null ? "dev " + id : d.label();
    }

    public String deviceName(int id) {
        DeviceInfo d = snapshot.device(id);
        return d == null ? "dev " + id : d.name();
    }
}
