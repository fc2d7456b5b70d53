package org.pmdi.analysis;

import java.util.List;
import java.util.Map;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.latency.WindowSummary;

/**
 * Everything the analysis knows at one moment, immutable: safe to hand from the feeding
 * thread to a UI thread.
 *
 * <pre>{@code
 * AnalysisSnapshot s = analyzer.snapshot();
 * s.devices(); s.latency(); s.stuck(); s.findings(); s.errors();
 * boolean failing = s.hasErrors();
 * }</pre>
 *
 * @param nowNs        the snapshot's "now" on the AP timeline (latest event, unless given)
 * @param events       events consumed
 * @param eventCounts  event type name → count, in registry order (kept)
 * @param devices      devices of the header plus any seen in events, by id
 * @param latency      per device: the total then the six phases ({@link LatencySummary#phase()})
 * @param windows      per device id (ascending): total latency per window, oldest first
 * @param stuck        outstanding requests past their threshold, oldest first
 * @param findings     everything found, errors first (stuck requests included)
 * @param openRequests requests not finalized (in flight, stuck, or waiting for late events)
 * @param completed    requests finalized
 * @param clockSyncs   CLOCK_SYNC records seen
 * @param clockUncertaintyNs largest CLOCK_SYNC uncertainty
 * @param errors       per device with answered requests: how many failed, why, when (by id, -1 last)
 */
public record AnalysisSnapshot(long nowNs, long events, Map<String, Long> eventCounts, List<DeviceInfo> devices,
        List<LatencySummary> latency, Map<Integer, List<WindowSummary>> windows, List<StuckRequest> stuck,
        List<Finding> findings, int openRequests, long completed, long clockSyncs, long clockUncertaintyNs,
        List<DeviceErrors> errors) {
    public AnalysisSnapshot {
        eventCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventCounts));
        devices = List.copyOf(devices);
        latency = List.copyOf(latency);
        windows = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(windows));
        stuck = List.copyOf(stuck);
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
    }

    /** A snapshot without failure statistics (tests, and callers that build one by hand). */
    public AnalysisSnapshot(long nowNs, long events, Map<String, Long> eventCounts, List<DeviceInfo> devices,
            List<LatencySummary> latency, Map<Integer, List<WindowSummary>> windows, List<StuckRequest> stuck,
            List<Finding> findings, int openRequests, long completed, long clockSyncs, long clockUncertaintyNs) {
        this(nowNs, events, eventCounts, devices, latency, windows, stuck, findings, openRequests, completed,
                clockSyncs, clockUncertaintyNs, List.of());
    }

    /**
     * True when a finding is an error (a stuck request, an AP fault, a silent AP, a broken
     * channel, driver errors, malformed requests); the report's exit code also weighs budgets
     * ({@link org.pmdi.analysis.report.Verdict}).
     */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The device with this id, or null. */
    public DeviceInfo device(int id) {
        return devices.stream().filter(d -> d.id() == id).findFirst().orElse(null);
    }

    /** The device with this name (or decimal id), or null. */
    public DeviceInfo device(String nameOrId) {
        for (DeviceInfo d : devices) {
            if (d.name().equals(nameOrId) || Integer.toString(d.id()).equals(nameOrId)) {
                return d;
            }
        }
        return null;
    }

    /** The summary of {@code device} for {@code phase} ("total" or a phase key), or null. */
    public LatencySummary latency(int device, String phase) {
        return latency.stream().filter(l -> l.device() == device && l.phase().equals(phase)).findFirst()
                .orElse(null);
    }

    /** The failures of {@code device}, or null when it has no answered request. */
    public DeviceErrors errors(int device) {
        return errors.stream().filter(e -> e.device() == device).findFirst().orElse(null);
    }
}
