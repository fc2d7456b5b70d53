package org.pmdi.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The C headers' _Static_assert offset and size table equals the Java codec's {@link Layout}. */
class LayoutTest {
    private static final Pattern OFFSET = Pattern.compile(
            "_Static_assert\\(\\s*PMDI_OFFSETOF\\(\\s*struct\\s+(\\w+)\\s*,\\s*(\\w+)\\s*\\)\\s*==\\s*(\\d+)");
    private static final Pattern SIZE = Pattern.compile(
            "_Static_assert\\(\\s*sizeof\\(\\s*struct\\s+(\\w+)\\s*\\)\\s*==\\s*(\\d+)");

    /** The trace format's headers; the mailbox and boot ABI beside them are not the codec's. */
    private static boolean isTraceHeader(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith("trace_") && name.endsWith(".h");
    }

    static Map<String, Integer> cTable() throws IOException {
        Map<String, Integer> t = new TreeMap<>();
        Path dir = ProjectRoot.get().resolve("interface/include/pmdi");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path h : s.filter(LayoutTest::isTraceHeader).sorted().toList()) {
                String src = Files.readString(h);
                Matcher m = OFFSET.matcher(src);
                while (m.find()) {
                    t.put(m.group(1) + "." + m.group(2), Integer.parseInt(m.group(3)));
                }
                m = SIZE.matcher(src);
                while (m.find()) {
                    t.put("sizeof " + m.group(1), Integer.parseInt(m.group(2)));
                }
            }
        }
        return t;
    }

    @Test
    void everyCAssertMatchesTheJavaLayout() throws IOException {
        Map<String, Integer> c = cTable();
        assertThat(c).as("asserts found in the C headers").hasSizeGreaterThan(30);
        Map<String, Integer> java = Layout.table();
        assertThat(java).containsAllEntriesOf(c);
    }

    @Test
    void javaLayoutHasNoFieldTheHeadersDoNotDeclare() throws IOException {
        Path dir = ProjectRoot.get().resolve("interface/include/pmdi");
        String all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(LayoutTest::isTraceHeader).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        for (String key : Layout.table().keySet()) {
            String struct = key.startsWith("sizeof ") ? key.substring(7) : key.substring(0, key.indexOf('.'));
            assertThat(all).as(key).contains("struct " + struct + " {");
            if (!key.startsWith("sizeof ")) {
                String field = key.substring(key.indexOf('.') + 1);
                assertThat(Pattern.compile("\\b" + field + "\\b").matcher(all).find()).as(key).isTrue();
            }
        }
    }

    @Test
    void registryMatchesTheCodecHeader() throws IOException {
        String codec = Files.readString(ProjectRoot.get().resolve("interface/include/pmdi/trace_codec.h"));
        String fmt = Files.readString(ProjectRoot.get().resolve("interface/include/pmdi/trace_format.h"));
        for (EventType t : EventType.values()) {
            assertThat(fmt).as(t.name()).containsPattern("PMDI_EV_" + t.name() + "\\s*=\\s*" + t.id() + ",");
            if (!t.isBlob()) {
                assertThat(codec).as(t.name() + " nargs")
                        .containsPattern("\\[PMDI_EV_" + t.name() + "\\]\\s*=\\s*" + t.argCount() + ",");
            }
        }
        Matcher noReq = Pattern.compile("pmdi_ev_has_req\\(unsigned int type\\)\\s*\\{(.*?)return 0;",
                Pattern.DOTALL).matcher(codec);
        assertThat(noReq.find()).isTrue();
        for (EventType t : EventType.values()) {
            assertThat(noReq.group(1).contains("PMDI_EV_" + t.name() + ":")).as(t.name() + " has no req")
                    .isEqualTo(!t.hasReq());
        }
    }
}
