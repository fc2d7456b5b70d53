package org.pmdi.analysis.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.errors.CauseCount;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.FailedRequest;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.latency.WindowSummary;
import org.pmdi.analysis.request.Request;

/**
 * The report as JSON (Jackson streaming): {@code events, completed, open, now_ns, devices[],
 * errors[], latency[], windows{}, findings[], stuck[], budgets[], exit_code}. Times in ns;
 * the field names are documented in trace-analysis/README.md ("JSON report").
 *
 * <pre>{@code
 * JsonReport.write(snapshot, budgets, exitCode, System.out);
 * }</pre>
 */
public final class JsonReport {
    private JsonReport() {
    }

    public static void write(AnalysisSnapshot s, List<Budget.Result> budgets, int exitCode, OutputStream out)
            throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("events", s.events());
            g.writeNumberField("completed", s.completed());
            g.writeNumberField("open", s.openRequests());
            g.writeNumberField("now_ns", s.nowNs());
            g.writeNumberField("clock_syncs", s.clockSyncs());
            g.writeNumberField("clock_uncertainty_ns", s.clockUncertaintyNs());
            writeCounts(g, "event_counts", s.eventCounts());
            g.writeArrayFieldStart("devices");
            for (DeviceInfo d : s.devices()) {
                g.writeStartObject();
                g.writeNumberField("id", d.id());
                g.writeStringField("name", d.name());
                g.writeStringField("driver", d.driver());
                g.writeStringField("class", d.deviceClass());
                g.writeNumberField("completed", d.completed());
                g.writeNumberField("queue_depth", d.queueDepth());
                g.writeNumberField("stuck_threshold_ns", d.stuckThresholdNs());
                g.writeEndObject();
            }
            g.writeEndArray();
            writeErrors(g, s);
            g.writeArrayFieldStart("latency");
            for (LatencySummary l : s.latency()) {
                if (l.count() == 0) {
                    continue;
                }
                g.writeStartObject();
                g.writeNumberField("device", l.device());
                g.writeStringField("phase", l.phase());
                g.writeNumberField("count", l.count());
                g.writeNumberField("per_second", l.perSecond());
                writePercentiles(g, l);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("windows");
            for (Map.Entry<Integer, List<WindowSummary>> e : s.windows().entrySet()) {
                g.writeArrayFieldStart(Integer.toString(e.getKey()));
                for (WindowSummary w : e.getValue()) {
                    g.writeStartObject();
                    g.writeNumberField("start_ns", w.startNs());
                    g.writeNumberField("count", w.count());
                    g.writeNumberField("p50_ns", w.p50Ns());
                    g.writeNumberField("p99_ns", w.p99Ns());
                    g.writeNumberField("max_ns", w.maxNs());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : s.findings()) {
                g.writeStartObject();
                g.writeStringField("kind", f.kind().name());
                g.writeStringField("severity", f.severity().name());
                g.writeStringField("summary", f.summary());
                if (f.device() >= 0) {
                    g.writeNumberField("device", f.device());
                }
                if (f.requestId() >= 0) {
                    g.writeNumberField("request", f.requestId());
                }
                if (f.atNs() != Request.ABSENT) {
                    g.writeNumberField("at_ns", f.atNs());
                }
                g.writeArrayFieldStart("evidence");
                for (String e : f.evidence()) {
                    g.writeString(e);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("stuck");
            for (StuckRequest st : s.stuck()) {
                g.writeStartObject();
                g.writeNumberField("request", st.request().id());
                g.writeNumberField("device", st.request().device());
                g.writeStringField("reason", st.reason().name());
                g.writeStringField("words", st.reason().words());
                g.writeStringField("detail", st.detail());
                g.writeNumberField("age_ns", st.ageNs());
                g.writeNumberField("threshold_ns", st.thresholdNs());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("budgets");
            for (Budget.Result b : budgets) {
                writeBudget(g, s, b);
            }
            g.writeEndArray();
            g.writeNumberField("exit_code", exitCode);
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** {@code errors[]}: one object per device with answered requests. */
    private static void writeErrors(JsonGenerator g, AnalysisSnapshot s) throws IOException {
        g.writeArrayFieldStart("errors");
        for (DeviceErrors e : s.errors()) {
            g.writeStartObject();
            g.writeNumberField("device", e.device());
            DeviceInfo d = s.device(e.device());
            g.writeStringField("name", d == null ? Integer.toString(e.device()) : d.name());
            g.writeNumberField("requests", e.requests());
            g.writeNumberField("failed", e.failed());
            g.writeNumberField("rate", e.errorRate());
            if (e.failed() > 0) {
                g.writeNumberField("first_failure_ns", e.firstFailureNs());
                g.writeNumberField("last_failure_ns", e.lastFailureNs());
            }
            writeCounts(g, "by_status", e.byStatus());
            writeCounts(g, "by_reason", e.byReason());
            g.writeArrayFieldStart("causes");
            for (CauseCount c : e.causes()) {
                g.writeStartObject();
                g.writeStringField("kind", c.cause().kind().name().toLowerCase(java.util.Locale.ROOT));
                g.writeStringField("reason", c.cause().key());
                g.writeNumberField("status", c.status());
                g.writeStringField("status_name", c.statusName());
                g.writeNumberField("count", c.count());
                if (c.firstNs() != Request.ABSENT) {
                    g.writeNumberField("first_ns", c.firstNs());
                    g.writeNumberField("last_ns", c.lastNs());
                }
                g.writeArrayFieldStart("first_requests");
                for (FailedRequest f : c.first()) {
                    g.writeNumber(f.id());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            LatencySummary l = e.failedLatency();
            g.writeObjectFieldStart("failed_latency");
            g.writeNumberField("count", l.count());
            writePercentiles(g, l);
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code name: {key: count, ...}}. */
    private static void writeCounts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** The mean, percentile and maximum fields of a latency summary, in ns. */
    private static void writePercentiles(JsonGenerator g, LatencySummary l) throws IOException {
        g.writeNumberField("mean_ns", l.meanNs());
        g.writeNumberField("p50_ns", l.p50Ns());
        g.writeNumberField("p90_ns", l.p90Ns());
        g.writeNumberField("p99_ns", l.p99Ns());
        g.writeNumberField("p999_ns", l.p999Ns());
        g.writeNumberField("max_ns", l.maxNs());
    }

    /** One budget: its kind, limit, what was measured, broken or not, in words. */
    private static void writeBudget(JsonGenerator g, AnalysisSnapshot s, Budget.Result r) throws IOException {
        g.writeStartObject();
        g.writeStringField("device", r.budget().device());
        if (r.budget() instanceof LatencyBudget b) {
            g.writeStringField("kind", "latency");
            g.writeStringField("percentile", b.percentile());
            g.writeNumberField("limit_ns", b.limitNs());
            g.writeNumberField("actual_ns", r.actualNs());
        } else if (r.budget() instanceof ErrorBudget b) {
            g.writeStringField("kind", "errors");
            if (b.isRate()) {
                g.writeNumberField("limit_rate", b.maxRate());
            } else {
                g.writeNumberField("limit_failed", b.maxFailed());
            }
            DeviceInfo d = s.device(b.device());
            DeviceErrors e = d == null ? null : s.errors(d.id());
            g.writeNumberField("failed", e == null ? 0 : e.failed());
            g.writeNumberField("requests", e == null ? 0 : e.requests());
            g.writeNumberField("rate", e == null ? 0 : e.errorRate());
        }
        g.writeBooleanField("broken", r.broken());
        g.writeStringField("message", r.message());
        g.writeEndObject();
    }
}
