package org.pmdi.analysis.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.request.Request;

/**
 * The outcomes of one device's requests: how many Linux answered, how many failed, why and
 * with which status, when, and how long the failed ones took (kept apart from the latency
 * of the successful ones, so that fast failures do not make a device look fast).
 *
 * <pre>{@code
 * DeviceErrors e = snapshot.errors(2);
 * e.failed() + " of " + e.requests() + " failed (" + e.errorRate() * 100 + " %)";
 * e.byStatus();   // {EIO=300}
 * e.byReason();   // {device_error=300}
 * }</pre>
 *
 * @param device         0..255, or -1 for requests whose device is unknown
 * @param requests       requests whose outcome is known (Linux replied, or the AP took the reply)
 * @param failed         of those, the ones with a negative status
 * @param causes         the failures by cause and status, most frequent first
 * @param firstFailureNs the first failure's time, or {@link Request#ABSENT}
 * @param lastFailureNs  the last failure's time, or {@link Request#ABSENT}
 * @param failedLatency  total latency (REQ_POST → REQ_DONE) of the failed requests, phase "failed"
 */
public record DeviceErrors(int device, long requests, long failed, List<CauseCount> causes, long firstFailureNs,
        long lastFailureNs, LatencySummary failedLatency) {
    public DeviceErrors {
        if (failed < 0 || failed > requests) {
            throw new IllegalArgumentException("failed must be 0..requests, was " + failed + " of " + requests);
        }
        causes = List.copyOf(causes);
    }

    /** Failed / requests, 0..1 (0 without requests). */
    public double errorRate() {
        return requests == 0 ? 0 : (double) failed / requests;
    }

    /** Requests that failed for causes of {@code kind}. */
    public long count(FailureCause.Kind kind) {
        return causes.stream().filter(c -> c.cause().kind() == kind).mapToLong(CauseCount::count).sum();
    }

    /** The counts of causes of {@code kind}, most frequent first. */
    public List<CauseCount> causes(FailureCause.Kind kind) {
        return causes.stream().filter(c -> c.cause().kind() == kind).toList();
    }

    /** Failures by status name ("EIO" → 300), most frequent first. */
    public Map<String, Long> byStatus() {
        return tally(causes, CauseCount::statusName);
    }

    /** Failures by cause key ("device_error", "bad_length", "unknown"), most frequent first. */
    public Map<String, Long> byReason() {
        return tally(causes, c -> c.cause().key());
    }

    /** "device_error 290 (EIO), bad_length 3 (EINVAL)": each reason with its count and statuses. */
    public String reasonsText() {
        List<String> parts = new ArrayList<>();
        byReason().forEach((k, n) -> parts.add(k + " " + n + " (" + String.join(", ", tally(
                causes.stream().filter(c -> c.cause().key().equals(k)).toList(), CauseCount::statusName).keySet())
                + ")"));
        return String.join(", ", parts);
    }

    /** Counts of {@code counts} grouped by {@code key}, the largest first (ties by name). */
    static Map<String, Long> tally(List<CauseCount> counts, Function<CauseCount, String> key) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (CauseCount c : counts) {
            m.merge(key.apply(c), c.count(), Long::sum);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }
}
