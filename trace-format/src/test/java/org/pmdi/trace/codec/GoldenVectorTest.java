package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.BuildId;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.HeaderText;
import org.pmdi.trace.HexFormatter;
import org.pmdi.trace.ProjectRoot;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

/** Decodes every golden vector written by the C side and compares with its .expect lines. */
class GoldenVectorTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static List<Path> goldenFiles() throws IOException {
        Path dir = ProjectRoot.get().resolve("trace-format/golden");
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".pmdt")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenVectorDecodesExactly() throws IOException {
        List<Path> files = goldenFiles();
        assertThat(files).as("golden vectors under trace-format/golden/v*/").isNotEmpty();
        for (String v : List.of("v0", "v1")) {
            assertThat(files).as("golden vectors of %s, decoded for good", v)
                    .anyMatch(f -> f.getParent().getFileName().toString().equals(v));
        }
        return files.stream().flatMap(f -> Stream.of(
                DynamicTest.dynamicTest(f.getFileName() + " in bulk", () -> check(f, false)),
                DynamicTest.dynamicTest(f.getFileName() + " one byte at a time", () -> check(f, true))));
    }

    private static void check(Path pmdt, boolean byteAtATime) throws IOException {
        Path expectFile = pmdt.resolveSibling(pmdt.getFileName().toString().replaceFirst("\\.pmdt$", ".expect"));
        List<JsonNode> expected = new ArrayList<>();
        int version = Integer.parseInt(pmdt.getParent().getFileName().toString().substring(1));
        for (String line : Files.readAllLines(expectFile)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                // v0's expect lines predate the field: their version is their directory's
                if (n.path("kind").asText().equals("header") && !n.has("format_version")) {
                    ((ObjectNode) n).set("format_version", s(version));
                }
                expected.add(n);
            }
        }
        byte[] bytes = Files.readAllBytes(pmdt);
        List<JsonNode> actual = new ArrayList<>();
        // bad frames are items too (for live readers); the vectors count them in their stats line
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(item -> {
            if (!(item instanceof BadFrame)) {
                actual.add(toJson(item));
            }
        }));
        if (byteAtATime) {
            for (int i = 0; i < bytes.length; i++) {
                d.push(bytes, i, 1);
            }
        } else {
            d.push(bytes, 0, bytes.length);
        }
        d.finish();
        actual.add(toJson(d.stats()));
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertThat(actual.get(i)).as("%s line %d", pmdt.getFileName(), i + 1).isEqualTo(expected.get(i));
        }
        assertThat(actual).as("%s: number of lines", pmdt.getFileName()).hasSameSizeAs(expected);
    }

    private static JsonNode u(long v) {
        return F.numberNode(new BigInteger(Long.toUnsignedString(v)));
    }

    private static JsonNode s(long v) {
        return F.numberNode(BigInteger.valueOf(v));
    }

    static JsonNode toJson(DecodeStats st) {
        ObjectNode o = F.objectNode();
        o.put("kind", "stats");
        o.set("frames", s(st.frames()));
        o.set("corrupt", s(st.corrupt()));
        o.set("unknown", s(st.unknown()));
        o.set("events", s(st.events()));
        o.set("lost_in_ring", u(st.lostInRing()));
        o.set("lost_in_transport", u(st.lostInTransport()));
        return o;
    }

    static JsonNode toJson(TraceItem item) {
        ObjectNode o = F.objectNode();
        if (item instanceof TraceEvent e) {
            o.put("kind", "event");
            o.set("source", s(e.source()));
            o.set("seq", u(e.seq()));
            o.set("type", s(e.type()));
            o.set("tsc", u(e.tsc()));
            o.set("req", s(e.req()));
            if (e.isBlob()) {
                o.put("blob", HexFormatter.hex(e.blob()));
            } else {
                ArrayNode a = o.putArray("args");
                EventType t = e.eventType();
                for (int i = 0; i < e.argCount(); i++) {
                    a.add(t.isSigned(i) ? s(e.arg(i)) : u(e.arg(i)));
                }
            }
        } else if (item instanceof GapMark g) {
            o.put("kind", "gap");
            o.set("reason", s(g.reason()));
            o.set("start_unix_ns", u(g.startUnixNs()));
            o.set("end_unix_ns", u(g.endUnixNs()));
        } else if (item instanceof SessionHeader h) {
            o.put("kind", "header");
            o.set("session_id", s(h.sessionId()));
            o.set("flags", s(h.flags()));
            o.set("start_tsc", u(h.startTsc()));
            o.set("start_mono_ns", u(h.startMonoNs()));
            o.set("start_real_ns", u(h.startRealNs()));
            o.set("tsc_khz_linux", s(h.tscKhzLinux()));
            o.set("tsc_khz_ap", s(h.tscKhzAp()));
            o.set("format_version", s(h.formatVersion()));
            ArrayNode src = o.putArray("sources");
            for (Source x : h.sources()) {
                ObjectNode n = src.addObject();
                n.set("source", s(x.source()));
                n.set("side", s(x.side()));
                n.set("cpu", s(x.cpu()));
                n.set("apic_id", s(x.apicId()));
                n.set("ring_slots", s(x.ringSlots()));
            }
            ArrayNode dev = o.putArray("devices");
            for (Device x : h.devices()) {
                ObjectNode n = dev.addObject();
                n.set("id", s(x.id()));
                n.set("class", s(x.deviceClass()));
                n.set("flags", s(x.flags()));
                n.set("block_size", s(x.blockSize()));
                n.set("capacity", u(x.capacity()));
                n.put("name", x.name());
                n.put("driver", x.driver());
                if (x.nic() != null) {
                    n.set("max_len", s(x.nic().maxLen()));
                    n.put("mac", x.nic().macString().replace(":", ""));
                }
            }
            ArrayNode b = o.putArray("build_ids");
            for (BuildId x : h.buildIds()) {
                ObjectNode n = b.addObject();
                n.set("which", s(x.which()));
                n.put("hex", x.hex());
            }
            ArrayNode t = o.putArray("texts");
            for (HeaderText x : h.texts()) {
                ObjectNode n = t.addObject();
                n.set("key", s(x.key()));
                n.put("text", x.text());
            }
        }
        return o;
    }
}
