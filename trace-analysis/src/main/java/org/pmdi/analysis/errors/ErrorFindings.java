package org.pmdi.analysis.errors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.trace.RefusalReason;

/**
 * The findings of the devices' failures, in plain words:
 * <ul>
 * <li>{@code DRIVER_ERRORS} (error), one per device whose driver failed requests: "the Linux
 * driver failed 300 of 1200 requests on vdb with EIO since 12.300 s";
 * <li>{@code MALFORMED_REQUESTS} (error), one for the trace: "the AP sent 15 requests Linux
 * refused, a bug in the new OS: 12 bad_length, 3 bad_buffer", the first requests as evidence;
 * <li>{@code REQUESTS_REFUSED}: well-formed requests Linux refused (unloading: info; out of
 * memory or a reason this version does not know: warning), not the AP's fault;
 * <li>{@code REQUESTS_FAILED} (warning), per device: failures the trace does not explain.
 * </ul>
 * Each carries a device (or -1 when it spans several), the first failed request and its time.
 *
 * <pre>{@code
 * List<Finding> f = ErrorFindings.of(snapshot.errors(), analyzer::deviceName);
 * }</pre>
 */
public final class ErrorFindings {
    /** Example requests listed in a finding's evidence. */
    static final int LISTED = 5;

    private ErrorFindings() {
    }

    /** The findings of {@code devices}; {@code names} gives a device's name ("vdb", "dev9"). */
    public static List<Finding> of(List<DeviceErrors> devices, IntFunction<String> names) {
        List<Finding> out = new ArrayList<>();
        for (DeviceErrors d : devices) {
            List<CauseCount> drv = d.causes(FailureCause.Kind.DEVICE_ERROR);
            if (!drv.isEmpty()) {
                out.add(driverErrors(d, drv, names));
            }
        }
        List<CauseCount> malformed = across(devices, FailureCause.Kind.MALFORMED);
        if (!malformed.isEmpty()) {
            long n = sum(malformed);
            out.add(finding(FindingKind.MALFORMED_REQUESTS, Severity.ERROR,
                    "the AP sent " + n + " request" + plural(n) + " Linux refused, a bug in the new OS: "
                            + reasons(malformed),
                    malformed, names));
        }
        List<CauseCount> refused = across(devices, FailureCause.Kind.REFUSED);
        if (!refused.isEmpty()) {
            long n = sum(refused);
            boolean unloading = refused.stream().allMatch(c -> c.cause().reason() == RefusalReason.SHUTDOWN);
            out.add(finding(FindingKind.REQUESTS_REFUSED, unloading ? Severity.INFO : Severity.WARNING,
                    "Linux refused " + n + " well-formed request" + plural(n) + " (not the AP's fault): "
                            + reasons(refused) + (unloading ? ", while the dispatcher was unloading" : ""),
                    refused, names));
        }
        for (DeviceErrors d : devices) {
            List<CauseCount> unknown = d.causes(FailureCause.Kind.UNKNOWN);
            if (!unknown.isEmpty()) {
                long n = sum(unknown);
                out.add(finding(FindingKind.REQUESTS_FAILED, Severity.WARNING,
                        n + " of " + d.requests() + " requests on " + names.apply(d.device()) + " failed with "
                                + statuses(unknown) + " and the trace does not say why (no REQ_REFUSED or DRV_END"
                                + " for them: a v0 trace, or their events were lost)",
                        unknown, names));
            }
        }
        return out;
    }

    private static Finding driverErrors(DeviceErrors d, List<CauseCount> drv, IntFunction<String> names) {
        long n = sum(drv);
        long first = drv.stream().mapToLong(CauseCount::firstNs).min().orElse(d.firstFailureNs());
        long last = drv.stream().mapToLong(CauseCount::lastNs).max().orElse(d.lastFailureNs());
        String name = names.apply(d.device());
        Finding base = finding(FindingKind.DRIVER_ERRORS, Severity.ERROR,
                "the Linux driver failed " + n + " of " + d.requests() + " requests on " + name + " with "
                        + statuses(drv) + " since " + Durations.format(first),
                drv, names);
        List<String> ev = new ArrayList<>();
        ev.add(String.format(Locale.ROOT, "error rate %s (%d of %d requests failed, all causes)",
                percent(d.errorRate()), d.failed(), d.requests()));
        ev.add("first " + Durations.format(first) + ", last " + Durations.format(last));
        LatencySummary l = d.failedLatency();
        if (l.count() > 0) {
            ev.add("failed requests took p50 " + Durations.format(l.p50Ns()) + ", p99 " + Durations.format(l.p99Ns())
                    + ", max " + Durations.format(l.maxNs()) + " (not in the latency table, which counts successes)");
        }
        ev.addAll(base.evidence());
        return Finding.of(base.kind(), base.severity(), base.summary(), base.device(), base.requestId(), base.atNs(),
                ev);
    }

    /** A finding about {@code counts}: their device if they share one, the first request, the first few as evidence. */
    private static Finding finding(FindingKind kind, Severity severity, String summary, List<CauseCount> counts,
            IntFunction<String> names) {
        List<FailedRequest> firsts = counts.stream().flatMap(c -> c.first().stream())
                .sorted(Comparator.comparingLong(FailedRequest::atNs).thenComparingLong(FailedRequest::id))
                .limit(LISTED).toList();
        List<String> ev = new ArrayList<>();
        if (kind != FindingKind.DRIVER_ERRORS) {
            for (CauseCount c : mergedByReason(counts)) {
                ev.add(c.count() + " " + c.cause().key() + ": " + c.cause().words() + onDevices(counts, c, names));
            }
        }
        for (FailedRequest f : firsts) {
            ev.add("request " + f.id() + " on " + names.apply(f.device()) + " at " + Durations.format(f.atNs()) + ": "
                    + f.cause().key() + " (" + Errno.name(f.status()) + ")");
        }
        int device = counts.stream().mapToInt(CauseCount::device).distinct().count() == 1 ? counts.get(0).device()
                : -1;
        FailedRequest first = firsts.isEmpty() ? null : firsts.get(0);
        return Finding.of(kind, severity, summary, device, first == null ? -1 : first.id(),
                first == null ? org.pmdi.analysis.request.Request.ABSENT : first.atNs(), ev);
    }

    /** " (10 on vda, 2 on vdb)" when the reason occurs on several devices, " on vda" for one. */
    private static String onDevices(List<CauseCount> counts, CauseCount reason, IntFunction<String> names) {
        Map<Integer, Long> by = new LinkedHashMap<>();
        for (CauseCount c : counts) {
            if (c.cause().equals(reason.cause())) {
                by.merge(c.device(), c.count(), Long::sum);
            }
        }
        if (by.size() == 1) {
            return " (on " + names.apply(by.keySet().iterator().next()) + ")";
        }
        List<String> parts = new ArrayList<>();
        by.forEach((d, n) -> parts.add(n + " on " + names.apply(d)));
        return " (" + String.join(", ", parts) + ")";
    }

    /** Counts of {@code kind} over every device. */
    private static List<CauseCount> across(List<DeviceErrors> devices, FailureCause.Kind kind) {
        return devices.stream().flatMap(d -> d.causes(kind).stream()).toList();
    }

    /** One count per cause (statuses and devices merged), the largest first. */
    private static List<CauseCount> mergedByReason(List<CauseCount> counts) {
        Map<FailureCause, Long> m = new LinkedHashMap<>();
        for (CauseCount c : counts) {
            m.merge(c.cause(), c.count(), Long::sum);
        }
        return m.entrySet().stream()
                .map(e -> new CauseCount(-1, e.getKey(), 0, e.getValue(), 0, 0, List.of()))
                .sorted(Comparator.comparingLong(CauseCount::count).reversed().thenComparing(c -> c.cause().key()))
                .toList();
    }

    /** "12 bad_length, 3 bad_buffer". */
    private static String reasons(List<CauseCount> counts) {
        List<String> parts = new ArrayList<>();
        DeviceErrors.tally(counts, c -> c.cause().key()).forEach((k, n) -> parts.add(n + " " + k));
        return String.join(", ", parts);
    }

    /** "EIO" for one status, "EIO (290), ENOSPC (10)" for several. */
    private static String statuses(List<CauseCount> counts) {
        Map<String, Long> m = DeviceErrors.tally(counts, CauseCount::statusName);
        if (m.size() == 1) {
            return m.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        m.forEach((k, n) -> parts.add(k + " (" + n + ")"));
        return String.join(", ", parts);
    }

    private static long sum(List<CauseCount> counts) {
        return counts.stream().mapToLong(CauseCount::count).sum();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /** "25.0 %", "0.05 %" for small rates. */
    public static String percent(double rate) {
        double p = rate * 100;
        return String.format(Locale.ROOT, p > 0 && p < 0.1 ? "%.3f %%" : "%.1f %%", p);
    }
}
