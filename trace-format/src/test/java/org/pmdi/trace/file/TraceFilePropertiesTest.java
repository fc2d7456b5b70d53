package org.pmdi.trace.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TestStreams;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.codec.TraceItems;

class TraceFilePropertiesTest {
    @Provide
    Arbitrary<List<TestStreams.Spec>> specList() {
        return TestStreams.specs().list().ofMinSize(1).ofMaxSize(400);
    }

    private static Path write(List<TraceEvent> events) throws IOException {
        Path f = Files.createTempFile("pmdi-prop", ".pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(f); OutputStream o = w.asOutputStream()) {
            o.write(TraceEncoder.encode(TestStreams.HEADER, events));
        }
        return f;
    }

    private static Map<Integer, List<TraceEvent>> bySource(List<TraceItem> items) {
        Map<Integer, List<TraceEvent>> m = new TreeMap<>();
        for (TraceItem i : items) {
            if (i instanceof TraceEvent e) {
                m.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
            }
        }
        return m;
    }

    @Property(tries = 60)
    void writerReaderRoundTrip(@ForAll("specList") List<TestStreams.Spec> specs) throws IOException {
        List<TraceEvent> events = TestStreams.events(specs);
        Path f = write(events);
        try (MappedTraceReader r = MappedTraceReader.open(f, 12)) {
            assertThat(r.indexFromTrailer()).isTrue();
            assertThat(r.header()).isEqualTo(TestStreams.HEADER);
            List<TraceItem> items = new ArrayList<>();
            r.read(TraceItems.visitor(items::add));
            assertThat(bySource(items)).isEqualTo(bySource(new ArrayList<>(events)));
            assertThat(r.index().buckets().stream().mapToLong(BucketSummary::events).sum()).isEqualTo(events.size());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 60)
    void killedWriterFileOpensWithRebuiltIndex(@ForAll("specList") List<TestStreams.Spec> specs,
            @ForAll @DoubleRange(min = 0, max = 1) double cutAt) throws IOException {
        List<TraceEvent> events = TestStreams.events(specs);
        Path f = write(events);
        try {
            byte[] full = Files.readAllBytes(f);
            int len = (int) (cutAt * (full.length - 1));
            Files.write(f, Arrays.copyOf(full, len));
            try (MappedTraceReader r = MappedTraceReader.open(f)) {
                assertThat(r.indexFromTrailer()).isFalse();
                int last = len - 1;
                while (last >= 0 && full[last] != 0) {
                    last--;
                }
                List<TraceItem> whole = last < 0 ? List.of()
                        : TraceItems.decodeAll(Arrays.copyOf(full, last + 1));
                long expected = whole.stream().filter(x -> x instanceof TraceEvent).count();
                assertThat(r.scanStats().events()).isEqualTo(expected);
                assertThat(r.scanStats().corrupt()).isEqualTo(len > 0 && full[len - 1] != 0 ? 1 : 0);
                List<TraceItem> items = new ArrayList<>();
                r.read(TraceItems.visitor(items::add));
                assertThat(items.stream().filter(x -> x instanceof BadFrame).count())
                        .as("the cut frame, an item of its own").isEqualTo(r.scanStats().corrupt());
                assertThat(items.stream().filter(x -> !(x instanceof BadFrame)).toList()).isEqualTo(whole);
                assertThat(r.index().buckets().stream().mapToLong(BucketSummary::events).sum()).isEqualTo(expected);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
