package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assertions;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

class DecoderPropertiesTest {

    /** A mutation of the stream: 0 flip, 1 insert, 2 delete, 3 overwrite a run with noise. */
    record Mutation(int kind, double where, int value, int length) {
    }

    @Provide
    Arbitrary<List<TestStreams.Spec>> specList() {
        return TestStreams.specs().list().ofMinSize(1).ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 40))
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void encoderDecoderRoundTrip(@ForAll("specList") List<TestStreams.Spec> specs,
            @ForAll @IntRange(min = 1, max = 300) int chunk) {
        List<TraceEvent> events = TestStreams.events(specs);
        byte[] stream = TestStreams.encode(events);
        List<TraceItem> items = new ArrayList<>();
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(items::add));
        for (int i = 0; i < stream.length; i += chunk) {
            d.push(stream, i, Math.min(chunk, stream.length - i));
        }
        d.finish();
        assertThat(items.get(0)).isEqualTo(TestStreams.HEADER);
        assertThat(bySource(items.subList(1, items.size()))).isEqualTo(bySource(new ArrayList<>(events)));
        DecodeStats s = d.stats();
        assertThat(s.corrupt()).isZero();
        assertThat(s.unknown()).isZero();
        assertThat(s.lostInTransport()).isZero();
        assertThat(s.events()).isEqualTo(events.size());
    }

    private static Map<Integer, List<TraceItem>> bySource(List<? extends TraceItem> items) {
        Map<Integer, List<TraceItem>> m = new TreeMap<>();
        for (TraceItem i : items) {
            TraceEvent e = (TraceEvent) i;
            m.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    @Property(tries = 300)
    void corruptionNeverThrowsLosesOnlyTouchedFramesAndCountsThem(
            @ForAll("specList") List<TestStreams.Spec> specs, @ForAll("mutations") List<Mutation> mutations,
            @ForAll @IntRange(min = 1, max = 64) int chunk) {
        List<TraceEvent> events = TestStreams.events(specs);
        byte[] clean = TestStreams.encode(events);
        // frame boundaries of the clean stream: delimiter positions
        List<Integer> delims = new ArrayList<>();
        for (int i = 0; i < clean.length; i++) {
            if (clean[i] == 0) {
                delims.add(i);
            }
        }
        // events of each frame, by decoding frame by frame
        Map<Integer, List<TraceEvent>> frameEvents = new HashMap<>();
        for (int f = 0; f + 1 < delims.size(); f++) {
            int a = delims.get(f);
            int b = delims.get(f + 1);
            List<TraceItem> it = TraceItems.decodeAll(java.util.Arrays.copyOfRange(clean, a, b + 1));
            List<TraceEvent> evs = new ArrayList<>();
            it.stream().filter(x -> x instanceof TraceEvent).forEach(x -> evs.add((TraceEvent) x));
            frameEvents.put(f, evs);
        }
        // apply mutations, remembering touched positions in clean coordinates
        List<Byte> bytes = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        for (int i = 0; i < clean.length; i++) {
            bytes.add(clean[i]);
            origin.add(i);
        }
        Set<Integer> touched = new HashSet<>();
        for (Mutation m : mutations) {
            if (bytes.isEmpty()) {
                break;
            }
            int p = Math.min(bytes.size() - 1, (int) (m.where() * bytes.size()));
            int o = origin.get(p);
            switch (m.kind()) {
                case 0 -> {
                    byte nv = (byte) (bytes.get(p) ^ (1 << (m.value() & 7)));
                    bytes.set(p, nv);
                    touched.add(o);
                }
                case 1 -> {
                    bytes.add(p, (byte) m.value());
                    origin.add(p, o);
                    touched.add(o);
                    touched.add(o - 1);
                }
                case 2 -> {
                    bytes.remove(p);
                    origin.remove(p);
                    touched.add(o);
                }
                default -> {
                    java.util.Random r = new java.util.Random(m.value());
                    for (int k = 0; k < m.length() && p + k < bytes.size(); k++) {
                        touched.add(origin.get(p + k));
                        bytes.set(p + k, (byte) r.nextInt(256));
                    }
                }
            }
        }
        byte[] dirty = new byte[bytes.size()];
        for (int i = 0; i < dirty.length; i++) {
            dirty[i] = bytes.get(i);
        }
        List<TraceItem> items = new ArrayList<>();
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(items::add));
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < dirty.length; i += chunk) {
                d.push(dirty, i, Math.min(chunk, dirty.length - i));
            }
            d.finish();
        });
        Set<TraceEvent> decoded = new HashSet<>();
        items.stream().filter(x -> x instanceof TraceEvent).forEach(x -> decoded.add((TraceEvent) x));
        Set<TraceEvent> all = new HashSet<>(events);
        assertThat(all).as("no invented events").containsAll(decoded);
        long lostFrames = 0;
        for (int f = 0; f + 1 < delims.size(); f++) {
            int a = delims.get(f);
            int b = delims.get(f + 1);
            boolean hit = false;
            for (int t : touched) {
                if (t >= a && t <= b) {
                    hit = true;
                    break;
                }
            }
            if (!hit) {
                assertThat(decoded).as("untouched frame %d", f).containsAll(frameEvents.get(f));
            } else if (!decoded.containsAll(frameEvents.get(f))) {
                lostFrames++;
            }
        }
        DecodeStats s = d.stats();
        if (lostFrames > 0) {
            assertThat(s.corrupt()).as("lost frames are counted").isPositive();
        }
        assertThat(s.corrupt()).as("at most one corrupt frame per touched frame, plus insertions")
                .isLessThanOrEqualTo(touched.size() + mutations.size());
        // transport loss = records missing between the first and last decoded record of each source
        Map<Integer, long[]> range = new HashMap<>();
        Map<Integer, Long> count = new HashMap<>();
        for (TraceEvent e : decoded) {
            long[] r = range.computeIfAbsent(e.source(), k -> new long[] {Long.MAX_VALUE, -1});
            r[0] = Math.min(r[0], e.seq());
            r[1] = Math.max(r[1], e.seq());
            count.merge(e.source(), 1L, Long::sum);
        }
        long gaps = 0;
        for (var en : range.entrySet()) {
            gaps += en.getValue()[1] - en.getValue()[0] + 1 - count.get(en.getKey());
        }
        assertThat(s.lostInTransport()).isEqualTo(gaps);
    }

    @Property(tries = 200)
    void noiseNeverThrows(@ForAll @Size(max = 3000) byte[] noise, @ForAll @IntRange(min = 1, max = 512) int chunk) {
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(x -> { }));
        for (int i = 0; i < noise.length; i += chunk) {
            d.push(noise, i, Math.min(chunk, noise.length - i));
        }
        d.finish();
        assertThat(d.stats().events()).isLessThanOrEqualTo(noise.length);
    }
}
