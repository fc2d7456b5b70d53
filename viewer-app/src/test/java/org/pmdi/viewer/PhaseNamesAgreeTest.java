package org.pmdi.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.export.Exports;
import org.pmdi.analysis.export.TimeRange;
import org.pmdi.analysis.latency.LatencyStats;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.report.JsonReport;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.latency.LatencyDatasets;
import org.pmdi.viewer.timeline.FileTimelineModel;
import org.pmdi.viewer.timeline.PhaseColors;
import org.pmdi.viewer.timeline.WindowRequests;

/**
 * The same phase names and boundaries everywhere, over every sample: the timeline (the phases
 * it draws and its legend), the latency tab, the text and JSON reports, and the CSV, Perfetto
 * and CTF exports all speak of {@link Phase}, and for each request the phase durations the
 * timeline draws equal the CSV's columns and the Perfetto slices.
 */
class PhaseNamesAgreeTest {
    private static final Set<String> KEYS = new HashSet<>();
    private static final Set<String> LABELS = new HashSet<>();

    static {
        for (Phase p : Phase.values()) {
            KEYS.add(p.key());
            LABELS.add(p.label());
        }
    }

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("../samples"))) {
            List<Path> out = s.filter(p -> p.toString().endsWith(".pmdt")).sorted().toList();
            assertThat(out).as("samples/*.pmdt").isNotEmpty();
            return out.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyViewAndExportUsesThePhasesOfTheModel(Path sample, @TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Path json = dir.resolve("t.json");
        Path ctf = dir.resolve("ctf");
        Exports.run(sample, AnalysisConfig.defaults(), TimeRange.ALL, json, csv, ctf);

        Map<Long, long[]> csvPhases = csvPhases(csv);
        Map<Long, Map<String, Long>> slices = perfettoSlices(json);
        Map<Long, WindowRequests.Span> timeline = timeline(sample);

        int compared = 0;
        for (WindowRequests.Span s : timeline.values()) {
            long[] row = csvPhases.get(s.req());
            if (!s.done() || row == null) {
                continue;
            }
            Map<String, Long> sl = slices.getOrDefault(s.req(), Map.of());
            for (Phase p : Phase.values()) {
                long drawn = s.phaseNs(p);
                long exported = row[p.ordinal()];
                if (drawn == WindowRequests.ABSENT || exported == WindowRequests.ABSENT) {
                    assertThat(drawn).as("%s req %d %s known in both", sample, s.req(), p).isEqualTo(exported);
                    continue;
                }
                // the file index's and the analysis's origins may differ by a fraction of a ns
                assertThat(drawn).as("%s req %d %s: timeline vs CSV", sample, s.req(), p.key())
                        .isBetween(exported - 1, exported + 1);
                if (exported >= 0 && s.request().pointNs(org.pmdi.analysis.request.Point.POST) != WindowRequests.ABSENT) {
                    Long slice = sl.get(p.label());
                    assertThat(slice).as("%s req %d has a Perfetto slice '%s'", sample, s.req(), p.label())
                            .isNotNull();
                    assertThat(drawn).as("%s req %d %s: timeline vs Perfetto", sample, s.req(), p.key())
                            .isBetween(slice - 1, slice + 1);
                }
            }
            compared++;
        }
        long doneInCsv = csvPhases.values().stream().filter(r -> r[Phase.COUNT] != WindowRequests.ABSENT).count();
        assertThat(compared).as("%s: requests compared", sample).isEqualTo((int) doneInCsv);

        // every request slice in the Perfetto export is a phase or a whole request
        for (Map<String, Long> sl : slices.values()) {
            for (String name : sl.keySet()) {
                assertThat(LABELS.contains(name) || name.matches(".+ #\\d+")).as("Perfetto slice '%s'", name).isTrue();
            }
        }
        // CTF names its request fields as the CSV does: the phases' keys
        String metadata = Files.readString(ctf.resolve("metadata"));
        for (Phase p : Phase.values()) {
            assertThat(metadata).contains(" " + p.key() + "_ns;");
        }
        reportsAndLatencyTab(sample);
    }

    private static void reportsAndLatencyTab(Path sample) throws IOException {
        AnalysisSnapshot snap = TraceFiles.analyze(sample, AnalysisConfig.defaults());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonReport.write(snap, List.of(), 0, json);
        Set<String> jsonPhases = new LinkedHashSet<>();
        try (JsonParser p = new JsonFactory().createParser(json.toByteArray())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "phase".equals(p.currentName())) {
                    p.nextToken();
                    jsonPhases.add(p.getText());
                }
            }
        }
        StringWriter text = new StringWriter();
        TextReport.write(snap, List.of(), new PrintWriter(text, true));
        Set<String> textPhases = new LinkedHashSet<>();
        boolean table = false;
        for (String line : text.toString().split("\n")) {
            if (line.startsWith("latency (us")) {
                table = true;
            } else if (table && line.isBlank()) {
                break;
            } else if (table && !line.trim().startsWith("device")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2) {
                    textPhases.add(f[1]);
                }
            }
        }
        AnalysisResult r;
        try (OpenedTrace t = OpenedTrace.open(sample)) {
            r = t.analyze(AnalysisRunner.create());
        }
        DefaultCategoryDataset tab = LatencyDatasets.phaseMeans(r);
        List<String> tabRows = new ArrayList<>();
        for (Object k : tab.getRowKeys()) {
            tabRows.add((String) k);
        }
        List<String> keysInOrder = new ArrayList<>();
        List<String> labelsInOrder = new ArrayList<>();
        for (Phase p : Phase.values()) {
            keysInOrder.add(p.key());
            labelsInOrder.add(p.label());
        }
        boolean completed = snap.latency().stream().anyMatch(l -> l.count() > 0);
        if (completed) {
            // a NIC's per-direction series (tx, rx) are not phases: the reports add them beside
            Set<String> directions = Set.of(LatencyStats.seriesName(LatencyStats.TX),
                    LatencyStats.seriesName(LatencyStats.RX));
            boolean nic = jsonPhases.stream().anyMatch(directions::contains);
            List<String> series = withTotal(keysInOrder);
            if (nic) {
                series.addAll(directions);
            }
            assertThat(jsonPhases).as("JSON report phases").containsExactlyInAnyOrderElementsOf(series);
            assertThat(textPhases).as("text report phases").isSubsetOf(series).contains("total");
            assertThat(tabRows).as("latency tab rows").containsExactlyElementsOf(labelsInOrder);
            for (LatencySummary l : snap.latency()) {
                Phase p = LatencyDatasets.phaseOf(l.phase());
                if (p == null || l.count() == 0) {
                    continue;
                }
                Number mean = tab.getValue(p.label(), r.deviceName(l.device()));
                assertThat(mean.doubleValue()).as("latency tab %s mean, µs", p.key()).isEqualTo(l.meanNs() / 1e3);
            }
        }
        // the timeline's legend names the same phases, with the tab's colours
        assertThat(PhaseColors.legend().stream().filter(e -> e.phase() != null).map(e -> e.words()).toList())
                .containsExactlyElementsOf(labelsInOrder);
    }

    private static List<String> withTotal(List<String> keys) {
        List<String> l = new ArrayList<>(keys);
        l.add("total");
        return l;
    }

    /** The timeline's requests over the whole file, by id (ids seen twice are left out). */
    private static Map<Long, WindowRequests.Span> timeline(Path sample) throws IOException {
        try (OpenedTrace t = OpenedTrace.open(sample)) {
            FileTimelineModel m = new FileTimelineModel(t, null);
            WindowRequests w = m.decode(0, t.durationNs() + 1).spans();
            Map<Long, WindowRequests.Span> out = new HashMap<>();
            Set<Long> twice = new HashSet<>();
            for (WindowRequests.Span s : w.spans()) {
                if (out.put(s.req(), s) != null) {
                    twice.add(s.req());
                }
            }
            twice.forEach(out::remove);
            return out;
        }
    }

    /** Per request id: the six phase columns, then done_ns (ABSENT for an empty cell). */
    private static Map<Long, long[]> csvPhases(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> head = List.of(lines.get(0).split(",", -1));
        for (Phase p : Phase.values()) {
            assertThat(head).as("CSV header").contains(p.key() + "_ns");
        }
        Map<Long, long[]> out = new HashMap<>();
        Set<Long> twice = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            long[] v = new long[Phase.COUNT + 1];
            for (Phase p : Phase.values()) {
                v[p.ordinal()] = cell(f[head.indexOf(p.key() + "_ns")]);
            }
            v[Phase.COUNT] = cell(f[head.indexOf("done_ns")]);
            long req = Long.parseLong(f[head.indexOf("req")]);
            if (out.put(req, v) != null) {
                twice.add(req);
            }
        }
        twice.forEach(out::remove);
        return out;
    }

    private static long cell(String s) {
        return s.isEmpty() ? WindowRequests.ABSENT : Long.parseLong(s);
    }

    /** Per request id: the duration (ns) of each async request slice of the Perfetto export, by name. */
    private static Map<Long, Map<String, Long>> perfettoSlices(Path json) throws IOException {
        Map<Long, Map<String, Long>> out = new HashMap<>();
        Map<String, Double> begins = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.START_OBJECT || p.getParsingContext().getParent() == null
                        || !p.getParsingContext().getParent().inArray()) {
                    continue;
                }
                Map<String, Object> e = readFlat(p);
                if (!"request".equals(e.get("cat"))) {
                    continue;
                }
                long id = ((Number) e.get("id")).longValue();
                String key = id + "/" + e.get("name");
                double ts = ((Number) e.get("ts")).doubleValue();
                if ("b".equals(e.get("ph"))) {
                    begins.put(key, ts);
                } else if ("e".equals(e.get("ph"))) {
                    Double b = begins.remove(key);
                    assertThat(b).as("Perfetto slice %s begins", key).isNotNull();
                    out.computeIfAbsent(id, k -> new HashMap<>()).put((String) e.get("name"),
                            Math.round((ts - b) * 1000));
                }
            }
        }
        return out;
    }

    /** The scalar fields of the object at the parser (nested objects skipped). */
    private static Map<String, Object> readFlat(JsonParser p) throws IOException {
        Map<String, Object> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (v.isNumeric()) {
                m.put(name, p.getNumberValue());
            } else {
                m.put(name, p.getText());
            }
        }
        return m;
    }
}
