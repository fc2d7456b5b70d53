package org.pmdi.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.ErrorFindings;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.HealthMonitor;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.latency.LatencyStats;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.latency.WindowSummary;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestTracker;
import org.pmdi.trace.clock.ClockMapper;
import org.pmdi.trace.BuildId;
import org.pmdi.trace.Device;
import org.pmdi.trace.DeviceClass;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;

/**
 * Builds an {@link AnalysisSnapshot} from a {@link TraceAnalyzer}'s parts: the findings
 * (stuck requests, health, Linux's logged errors, slow driver, failed requests, clock,
 * incomplete requests),
 * the device list, the latency table and windows. Stateless; called on the analyzer's thread.
 *
 * <pre>{@code
 * AnalysisSnapshot s = SnapshotAssembler.assemble(analyzer, nowNs, stuck, cannotTell);
 * }</pre>
 */
final class SnapshotAssembler {
    private static final long A = Request.ABSENT;

    private SnapshotAssembler() {
    }

    static AnalysisSnapshot assemble(TraceAnalyzer a, long nowNs, List<StuckRequest> stuck, List<Finding> uncertain) {
        AnalysisConfig config = a.config();
        RequestTracker tracker = a.tracker();
        HealthMonitor health = a.health();
        LatencyStats latency = a.latency();
        ClockMapper clock = a.clock();
        SessionHeader header = a.header();
        Map<Integer, Device> devices = a.devices();
        List<Finding> findings = new ArrayList<>();
        for (StuckRequest s : stuck) {
            Request r = s.request();
            findings.add(Finding.of(FindingKind.STUCK_REQUEST, Severity.ERROR,
                    "request " + r.id() + " on " + a.deviceName(r.device()) + " stuck for " + Durations.format(s.ageNs())
                            + ": " + s.reason().words(),
                    r.device(), r.id(), r.firstNs(), List.of(s.detail(),
                            "threshold " + Durations.format(s.thresholdNs()))));
        }
        findings.addAll(uncertain);
        String apBuild = null;
        if (header != null) {
            for (BuildId b : header.buildIds()) {
                if (b.which() == BuildId.AP_KERNEL) {
                    apBuild = b.hex();
                }
            }
        }
        findings.addAll(health.findings(nowNs, config.stuck(), config.symbolizer(), apBuild));
        findings.addAll(a.linuxLog().findings());
        List<Integer> nics = devices.values().stream().filter(d -> d.deviceClass() == DeviceClass.NET.code())
                .map(Device::id).toList();
        boolean linuxLossy = a.loss().firstAfter(clock::isLinux, Long.MIN_VALUE) != null;
        findings.addAll(a.nic().findings(nowNs, linuxLossy, nics, a::deviceName));
        findings.addAll(config.slowDriver().evaluate(latency, a::deviceClass, a::deviceLabel));
        List<DeviceErrors> errors = a.errors();
        findings.addAll(ErrorFindings.of(errors, a::deviceName));
        if (tracker.negativeIntervalCount() > 0) {
            findings.add(Finding.of(FindingKind.NEGATIVE_INTERVAL, Severity.WARNING,
                    tracker.negativeIntervalCount() + " phase(s) came out negative after clock mapping (not clamped)",
                    -1, -1, A, List.of("most negative " + Durations.format(tracker.mostNegativeNs()),
                            "clock syncs " + clock.syncCount() + ", largest uncertainty "
                                    + Durations.format(clock.maxUncertaintyNs()),
                            "Linux events before any clock sync: " + clock.unsyncedEvents(),
                            "negative within the clock-sync uncertainty (not a finding): "
                                    + tracker.negativeWithinClockCount())));
        }
        if (tracker.doneWithoutLinuxCount() > 0 || tracker.abandonedCount() > 0) {
            findings.add(Finding.of(FindingKind.INCOMPLETE_REQUESTS, Severity.INFO,
                    (tracker.doneWithoutLinuxCount() + tracker.abandonedCount())
                            + " request(s) could not be followed end to end",
                    -1, -1, A, List.of("done on the AP without their Linux events: " + tracker.doneWithoutLinuxCount(),
                            "open when a new session began: " + tracker.abandonedCount())));
        }
        findings.sort(Comparator.comparing(Finding::severity));
        List<DeviceInfo> devs = new ArrayList<>();
        List<LatencySummary> lat = new ArrayList<>();
        Map<Integer, List<WindowSummary>> win = new LinkedHashMap<>();
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(devices.keySet());
        for (int i = 0; i < 256; i++) {
            if (tracker.queueDepth(i) > 0) {
                ids.add(i);
            }
        }
        ids.addAll(latency.devices());
        errors.stream().filter(e -> e.failed() > 0).forEach(e -> ids.add(e.device())); // e.g. refused: no such device
        for (int id : ids) {
            Device d = devices.get(id);
            DeviceClass dc = d == null ? null : d.deviceClassEnum();
            LatencySummary total = latency.summary(id, LatencyStats.TOTAL);
            LatencySummary tx = latency.summary(id, LatencyStats.TX);
            LatencySummary rx = latency.summary(id, LatencyStats.RX);
            devs.add(new DeviceInfo(id, a.deviceName(id), d == null ? "" : d.driver(),
                    dc == null ? "unknown" : dc.name().toLowerCase(java.util.Locale.ROOT), total.count() + rx.count(),
                    id >= 0 ? tracker.queueDepth(id) : 0, config.stuck().forDevice(id, a.deviceName(id))));
            lat.add(total);
            for (int p = 0; p < LatencyStats.TOTAL; p++) {
                lat.add(latency.summary(id, p));
            }
            if (tx.count() > 0 || rx.count() > 0) { // a NIC: each direction after the phases
                lat.add(tx);
                lat.add(rx);
            }
            win.put(id, latency.windows(id));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            if (a.typeCount(t.id()) > 0) {
                counts.put(t.name(), a.typeCount(t.id()));
            }
        }
        return new AnalysisSnapshot(nowNs, a.events(), counts, devs, lat, win, stuck, findings, tracker.openCount(),
                tracker.finalizedCount(), clock.syncCount(), clock.maxUncertaintyNs(), errors);
    }

}
