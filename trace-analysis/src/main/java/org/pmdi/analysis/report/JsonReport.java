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
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.latency.WindowSummary;
import org.pmdi.analysis.request.Request;

/**
 * The report as JSON (Jackson streaming): {@code events, completed, open, now_ns, devices[],
 * latency[], windows{}, findings[], stuck[], budgets[], exit_code}. Times in ns.
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
            g.writeObjectFieldStart("event_counts");
            for (Map.Entry<String, Long> e : s.eventCounts().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
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
                g.writeNumberField("mean_ns", l.meanNs());
                g.writeNumberField("p50_ns", l.p50Ns());
                g.writeNumberField("p90_ns", l.p90Ns());
                g.writeNumberField("p99_ns", l.p99Ns());
                g.writeNumberField("p999_ns", l.p999Ns());
                g.writeNumberField("max_ns", l.maxNs());
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
                g.writeStartObject();
                g.writeStringField("device", b.budget().device());
                g.writeStringField("percentile", b.budget().percentile());
                g.writeNumberField("limit_ns", b.budget().limitNs());
                g.writeNumberField("actual_ns", b.actualNs());
                g.writeBooleanField("broken", b.broken());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("exit_code", exitCode);
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
