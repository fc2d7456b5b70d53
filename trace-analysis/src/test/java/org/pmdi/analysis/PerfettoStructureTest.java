package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;

/** The Perfetto/Chrome JSON export's structure: slices, async pairs, flows bound to slices, counters. */
class PerfettoStructureTest {
    @TempDir
    static Path tmp;
    static List<JsonNode> events = new ArrayList<>();

    @BeforeAll
    static void export() throws IOException {
        Path t = GeneratedTraces.write(tmp.resolve("t.pmdt"), 4, s -> GeneratedTraces.healthy(s, 120, 4));
        Path json = tmp.resolve("t.json");
        Exports.run(t, AnalysisConfig.defaults(), TimeRange.ALL, json, null, null);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("displayTimeUnit").asText()).isEqualTo("ns");
        root.get("traceEvents").forEach(events::add);
    }

    static List<JsonNode> ph(String ph) {
        return events.stream().filter(e -> e.get("ph").asText().equals(ph)).toList();
    }

    @Test
    void everyEventHasTheRequiredFields() {
        for (JsonNode e : events) {
            assertThat(e.has("ph") && e.has("pid") && e.has("name")).as(e.toString()).isTrue();
            if (!e.get("ph").asText().equals("M")) {
                assertThat(e.get("ts").isNumber()).as(e.toString()).isTrue();
            }
        }
        assertThat(ph("M")).extracting(e -> e.get("args").get("name").asText()).contains("AP kernel", "Linux",
                "Requests", "Drivers", "vda", "vdb", "eth0", "null");
    }

    @Test
    void requestsAreAsyncSlicesKeyedByIdWithNestedPhases() {
        Map<String, Integer> open = new HashMap<>();
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            if (ph.equals("b") || ph.equals("e")) {
                assertThat(e.get("cat").asText()).isEqualTo("request");
                String key = e.get("id").asText() + "/" + e.get("name").asText();
                open.merge(key, ph.equals("b") ? 1 : -1, Integer::sum);
            }
        }
        assertThat(open.values()).allMatch(v -> v == 0);
        long requests = ph("b").stream().filter(e -> e.get("name").asText().contains("#")).count();
        assertThat(requests).isEqualTo(120);
        assertThat(ph("b")).extracting(e -> e.get("name").asText()).contains("in driver", "queued in the mailbox",
                "doorbell delivery", "waiting for the dispatcher", "completion delivery", "picked up by the AP");
    }

    @Test
    void driverCallsAreSlicesOnPerDeviceTracks() {
        List<JsonNode> drv = ph("X").stream().filter(e -> e.get("cat").asText().equals("driver")).toList();
        assertThat(drv).hasSize(120);
        assertThat(drv).allMatch(e -> e.get("pid").asInt() == 4 && e.get("dur").asDouble() > 0);
        assertThat(drv.stream().map(e -> e.get("tid").asInt()).distinct()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void flowsBindToIpiSlicesAcrossTheOsBoundary() {
        List<JsonNode> slices = ph("X").stream().filter(e -> e.get("cat").asText().equals("ipi")).toList();
        Map<Long, JsonNode> starts = new HashMap<>();
        ph("s").forEach(e -> starts.put(e.get("id").asLong(), e));
        List<JsonNode> ends = ph("f");
        assertThat(ends).hasSize(starts.size()).isNotEmpty();
        for (JsonNode f : ends) {
            JsonNode s = starts.get(f.get("id").asLong());
            assertThat(s).as("flow start of %s", f).isNotNull();
            assertThat(f.get("bp").asText()).isEqualTo("e");
            assertThat(s.get("pid").asInt()).as("crosses the OS boundary").isNotEqualTo(f.get("pid").asInt());
            assertThat(enclosing(slices, s)).as("slice under %s", s).isTrue();
            assertThat(enclosing(slices, f)).as("slice under %s", f).isTrue();
            assertThat(f.get("ts").asDouble()).isGreaterThanOrEqualTo(s.get("ts").asDouble());
        }
    }

    private static boolean enclosing(List<JsonNode> slices, JsonNode p) {
        double ts = p.get("ts").asDouble();
        return slices.stream().anyMatch(x -> x.get("pid").equals(p.get("pid")) && x.get("tid").equals(p.get("tid"))
                && x.get("ts").asDouble() <= ts && ts <= x.get("ts").asDouble() + x.get("dur").asDouble());
    }

    @Test
    void queueDepthCounters() {
        List<JsonNode> c = ph("C");
        assertThat(c).hasSize(240);
        Map<String, Integer> last = new HashMap<>();
        for (JsonNode e : c) {
            int d = e.get("args").get("depth").asInt();
            assertThat(d).isBetween(0, 1);
            last.put(e.get("name").asText(), d);
        }
        assertThat(last).containsOnlyKeys("queue depth null", "queue depth vda", "queue depth vdb",
                "queue depth eth0");
        assertThat(last.values()).containsOnly(0);
    }
}
