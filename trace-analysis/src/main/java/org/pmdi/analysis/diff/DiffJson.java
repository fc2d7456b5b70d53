package org.pmdi.analysis.diff;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The comparison as JSON (Jackson streaming): {@code base, new, config{}, comparisons,
 * changes[], groups[], errors[], findings[], devices_only_in_base[], devices_only_in_new[],
 * fail_on[], exit_code}. Times in ns; statistics, not histograms; an interval without enough
 * samples is null. The fields are documented in trace-analysis/README.md ("JSON diff").
 *
 * <pre>{@code
 * DiffJson.write(report, tripped, exitCode, System.out);
 * }</pre>
 */
public final class DiffJson {
    private DiffJson() {
    }

    public static void write(DiffReport r, List<FailRule.Result> tripped, int exitCode, OutputStream out)
            throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("base");
            g.writeStringField("path", r.basePath());
            g.writeNumberField("events", r.baseEvents());
            g.writeStringField("lost", r.baseLoss());
            g.writeEndObject();
            g.writeObjectFieldStart("new");
            g.writeStringField("path", r.newPath());
            g.writeNumberField("events", r.newEvents());
            g.writeStringField("lost", r.newLoss());
            g.writeEndObject();
            g.writeObjectFieldStart("config");
            g.writeNumberField("min_effect", r.config().minEffect());
            g.writeNumberField("confidence", r.config().confidence());
            g.writeNumberField("rounds", r.config().rounds());
            g.writeNumberField("seed", r.config().seed());
            g.writeNumberField("resolution_ns", r.config().resolutionNs());
            g.writeEndObject();
            g.writeNumberField("comparisons", r.comparisons());
            g.writeArrayFieldStart("changes");
            for (Change c : r.changes()) {
                writeChange(g, c, r.config());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("groups");
            for (GroupDiff d : r.groups()) {
                g.writeStartObject();
                writeKey(g, d.key());
                writeSide(g, "base", d.base(), d.slowestBase());
                writeSide(g, "new", d.neu(), d.slowestNew());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("errors");
            for (ErrorDiff e : r.errors()) {
                g.writeStartObject();
                g.writeStringField("device", e.device());
                g.writeNumberField("base_requests", e.baseRequests());
                g.writeNumberField("base_failed", e.baseFailed());
                g.writeNumberField("base_rate", e.baseRate());
                g.writeNumberField("new_requests", e.newRequests());
                g.writeNumberField("new_failed", e.newFailed());
                g.writeNumberField("new_rate", e.newRate());
                g.writeNumberField("z", e.z());
                g.writeBooleanField("worse", e.worse());
                g.writeStringField("words", e.words());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("findings");
            for (FindingDiff f : r.findings()) {
                g.writeStartObject();
                g.writeStringField("kind", f.kind());
                g.writeStringField("device", f.device());
                g.writeBooleanField("appeared", f.appeared());
                g.writeStringField("summary", f.summary());
                g.writeEndObject();
            }
            g.writeEndArray();
            writeStrings(g, "devices_only_in_base", r.devicesOnlyInBase());
            writeStrings(g, "devices_only_in_new", r.devicesOnlyInNew());
            g.writeArrayFieldStart("fail_on");
            for (FailRule.Result t : tripped) {
                g.writeStartObject();
                g.writeStringField("rule", t.rule().spec());
                writeStrings(g, "tripped_by", t.what());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("exit_code", exitCode);
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void writeKey(JsonGenerator g, GroupKey k) throws IOException {
        g.writeStringField("device", k.device());
        g.writeStringField("class", k.deviceClass());
        g.writeStringField("op", k.op());
        g.writeNumberField("size_class", k.sizeClass());
        g.writeStringField("group", k.words());
    }

    private static void writeChange(JsonGenerator g, Change c, DiffConfig config) throws IOException {
        g.writeStartObject();
        writeKey(g, c.group());
        g.writeStringField("phase", c.phase());
        g.writeStringField("stat", c.stat());
        g.writeNumberField("base_ns", c.baseNs());
        g.writeNumberField("new_ns", c.newNs());
        g.writeNumberField("ratio", c.ratio());
        writeMaybe(g, "ci_low", c.ciLow());
        writeMaybe(g, "ci_high", c.ciHigh());
        g.writeBooleanField("enough_samples", c.enoughSamples());
        g.writeBooleanField("significant", c.significant());
        g.writeBooleanField("regression", c.regression());
        g.writeStringField("words", c.words(config));
        g.writeEndObject();
    }

    private static void writeMaybe(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    private static void writeSide(JsonGenerator g, String name, Map<String, SideStats> stats, List<Slowest> slowest)
            throws IOException {
        g.writeObjectFieldStart(name);
        g.writeObjectFieldStart("phases");
        for (Map.Entry<String, SideStats> e : stats.entrySet()) {
            SideStats s = e.getValue();
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("count", s.count());
            g.writeNumberField("per_second", s.perSecond());
            g.writeNumberField("p50_ns", s.p50Ns());
            g.writeNumberField("p90_ns", s.p90Ns());
            g.writeNumberField("p99_ns", s.p99Ns());
            g.writeNumberField("max_ns", s.maxNs());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("slowest");
        for (Slowest s : slowest) {
            g.writeStartObject();
            g.writeNumberField("request", s.req());
            g.writeNumberField("post_ns", s.postNs());
            g.writeNumberField("total_ns", s.totalNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
