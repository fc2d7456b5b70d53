package org.pmdi.analysis.findings;

import java.util.List;
import org.pmdi.analysis.request.Request;

/**
 * One finding of the analysis, in plain words with its evidence.
 *
 * <pre>{@code
 * Finding f = Finding.of(FindingKind.RING_OVERFLOW, Severity.WARNING, "request ring full 3 times",
 *         -1, -1, atNs, List.of("ring 0 (request), AP side"));
 * }</pre>
 *
 * @param device    0..255, or -1 when not about one device
 * @param requestId 1..2^32-1, or -1 when not about one request
 * @param atNs      when (ns on the AP timeline), or {@link Request#ABSENT}
 * @param evidence  lines of supporting numbers, copied, never null
 */
public record Finding(FindingKind kind, Severity severity, String summary, int device, long requestId, long atNs,
        List<String> evidence) {
    public Finding {
        if (kind == null || severity == null || summary == null) {
            throw new IllegalArgumentException("kind, severity and summary must not be null");
        }
        evidence = List.copyOf(evidence);
    }

    public static Finding of(FindingKind kind, Severity severity, String summary, int device, long requestId,
            long atNs, List<String> evidence) {
        return new Finding(kind, severity, summary, device, requestId, atNs, evidence);
    }
}
