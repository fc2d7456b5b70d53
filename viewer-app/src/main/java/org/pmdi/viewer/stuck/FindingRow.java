package org.pmdi.viewer.stuck;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.errors.FailedRequest;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.request.Request;
import org.pmdi.viewer.data.AnalysisResult;

/**
 * One line of the findings panel: a stuck request (device, age, where it stopped, the
 * diagnosis in plain words), an outstanding request the analysis cannot tell stuck or not
 * (its events may be in a loss: "cannot tell", info, with its age), or another finding of
 * the analysis (slow driver, ring overflow,
 * unexpected interrupt, AP fault with its symbol, a channel Linux declared broken, errors
 * Linux logged, lost events, driver errors, malformed or refused requests): every kind shows
 * the same way, by its name. A finding about failed requests spans its first failed request,
 * so that clicking it shows that request whole on the timeline.
 *
 * <pre>{@code
 * List<FindingRow> rows = FindingRow.of(result);     // stuck requests first, oldest first
 * }</pre>
 *
 * @param kind      "stuck request", "cannot tell", "slow driver", ...
 * @param severity  "error", "warning" or "info"
 * @param device    device label, or "" when not about one device
 * @param req       request id, or -1
 * @param ageNs     how long a stuck request has been outstanding, or -1
 * @param where     where it stopped (stuck requests), or ""
 * @param diagnosis the plain-words diagnosis or summary
 * @param evidence  supporting lines
 * @param fromNs    start of the time range to show on the timeline, or Long.MIN_VALUE
 * @param toNs      end of that range
 */
public record FindingRow(String kind, String severity, String device, long req, long ageNs, String where,
        String diagnosis, List<String> evidence, long fromNs, long toNs) {
    public FindingRow {
        evidence = List.copyOf(evidence);
    }

    /** The kind of a request the analysis cannot tell stuck or not (its events may be lost). */
    public static final String CANNOT_TELL = "cannot tell";

    public boolean onTimeline() {
        return fromNs != Long.MIN_VALUE;
    }

    /** Stuck requests first (oldest first), then those it cannot tell, then the other findings. */
    public static List<FindingRow> of(AnalysisResult r) {
        List<FindingRow> out = new ArrayList<>();
        long now = r.snapshot().nowNs();
        for (StuckRequest s : r.snapshot().stuck()) {
            Request q = s.request();
            long from = q.firstNs();
            out.add(new FindingRow("stuck request", "error", q.device() < 0 ? "?" : r.deviceLabel(q.device()),
                    q.id(), s.ageNs(), s.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    s.reason().words() + (s.detail().isEmpty() ? "" : "; " + s.detail()), List.of(),
                    from == Request.ABSENT ? Long.MIN_VALUE : from, Math.max(now, from + 1)));
        }
        for (Finding f : r.snapshot().findings()) {
            if (f.kind() == FindingKind.STUCK_UNCERTAIN) {
                long from = f.atNs();
                out.add(new FindingRow(CANNOT_TELL, "info", f.device() < 0 ? "?" : r.deviceLabel(f.device()),
                        f.requestId(), from == Request.ABSENT ? -1 : now - from, "", f.summary(), f.evidence(),
                        from == Request.ABSENT ? Long.MIN_VALUE : from, Math.max(now, from + 1)));
            }
        }
        for (Finding f : r.snapshot().findings()) {
            if (f.kind() == FindingKind.STUCK_REQUEST || f.kind() == FindingKind.STUCK_UNCERTAIN) {
                continue;
            }
            long at = f.atNs();
            long from = at == Request.ABSENT ? Long.MIN_VALUE : at;
            long to = at == Request.ABSENT ? Long.MIN_VALUE : at + 1;
            FailedRequest failed = failedRequest(r, f.requestId());
            if (failed != null && failed.startNs() != Request.ABSENT && failed.atNs() != Request.ABSENT) {
                // a failure finding names its first failed request: show that request whole
                from = failed.startNs();
                to = Math.max(failed.atNs(), from + 1);
            }
            out.add(new FindingRow(f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    f.severity().name().toLowerCase(java.util.Locale.ROOT), f.device() < 0 ? "" : r.deviceLabel(
                            f.device()), f.requestId(), -1, "", f.summary(), f.evidence(), from, to));
        }
        return out;
    }

    /** The failed request {@code id} among the examples the analysis kept, or null. */
    private static FailedRequest failedRequest(AnalysisResult r, long id) {
        if (id <= 0) {
            return null;
        }
        return r.snapshot().errors().stream().flatMap(e -> e.causes().stream()).flatMap(c -> c.first().stream())
                .filter(x -> x.id() == id).findFirst().orElse(null);
    }
}
