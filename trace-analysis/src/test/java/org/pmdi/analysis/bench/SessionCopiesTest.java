package org.pmdi.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * {@link SessionCopies} on the real samples: a copy decodes to the same events, every TSC
 * shifted by exactly its shift, under a new session id, and the analysis of original + copies
 * sees consecutive sessions (3x the requests, no request id reused).
 */
class SessionCopiesTest {
    static final Path SAMPLES = Path.of("../samples");

    static byte[] healthy;
    static Decoded original;

    @BeforeAll
    static void load() throws IOException {
        Path p = SAMPLES.resolve("healthy.pmdt");
        assumeTrue(Files.exists(p), "samples/healthy.pmdt is not there");
        healthy = Files.readAllBytes(p);
        original = Decoded.of(healthy);
    }

    /** Every event's type and TSC, the headers, the stats. */
    record Decoded(byte[] types, long[] tscs, List<SessionHeader> headers, DecodeStats stats) {
        static Decoded of(byte[] stream) {
            int[] n = {0};
            byte[][] types = {new byte[1 << 16]};
            long[][] tscs = {new long[1 << 16]};
            List<SessionHeader> headers = new ArrayList<>();
            StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
                void add(int type, long tsc) {
                    if (n[0] == tscs[0].length) {
                        types[0] = Arrays.copyOf(types[0], n[0] * 2);
                        tscs[0] = Arrays.copyOf(tscs[0], n[0] * 2);
                    }
                    types[0][n[0]] = (byte) type;
                    tscs[0][n[0]++] = tsc;
                }

                @Override
                public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                    add(type, tsc);
                }

                @Override
                public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                    add(type, tsc);
                }

                @Override
                public void onHeader(SessionHeader h) {
                    headers.add(h);
                }
            });
            d.push(stream, 0, stream.length);
            d.finish();
            return new Decoded(Arrays.copyOf(types[0], n[0]), Arrays.copyOf(tscs[0], n[0]), headers, d.stats());
        }
    }

    static void assertClean(DecodeStats s) {
        assertThat(s.corrupt()).as("corrupt frames").isZero();
        assertThat(s.unknown()).as("unknown frames").isZero();
        assertThat(s.lostInTransport()).as("transport loss").isZero();
        assertThat(s.badHeaders()).as("bad headers").isZero();
    }

    @Test
    void copiesAreTheSameEventsShiftedUnderNewSessionIds() {
        SessionCopies c = SessionCopies.of(List.of(healthy));
        assertClean(original.stats());
        assertThat(original.headers()).isNotEmpty();
        long id0 = original.headers().get(0).sessionId();
        assertThat(c.copy(0, 0)).as("copy 0 is the input").isEqualTo(healthy);
        List<Long> ids = new ArrayList<>(List.of(id0));
        for (int k = 1; k <= 2; k++) {
            Decoded d = Decoded.of(c.copy(k, 0));
            long shift = c.shift(k, 0);
            assertThat(shift).isEqualTo(k * c.period()).isGreaterThan(0);
            assertClean(d.stats());
            assertThat(d.stats().events()).isEqualTo(original.stats().events());
            assertThat(d.stats().lostInRing()).isEqualTo(original.stats().lostInRing());
            assertThat(d.stats().frames()).as("EVENTS frames split where the base_tsc varint grew past 250 bytes")
                    .isGreaterThan(original.stats().frames());
            assertThat(d.types()).as("event types in order").isEqualTo(original.types());
            long[] back = d.tscs().clone();
            for (int i = 0; i < back.length; i++) {
                back[i] -= shift;
            }
            assertThat(back).as("every TSC shifted by exactly %d", shift).isEqualTo(original.tscs());
            // the copy starts after the previous one ends
            assertThat(Arrays.stream(d.tscs()).min().getAsLong()).as("copy %d starts after copy %d ends", k, k - 1)
                    .isGreaterThan(Arrays.stream(original.tscs()).max().getAsLong() + (k - 1) * c.period());
            assertThat(d.headers()).hasSameSizeAs(original.headers());
            for (int i = 0; i < d.headers().size(); i++) {
                SessionHeader o = original.headers().get(i);
                SessionHeader h = d.headers().get(i);
                long id = c.sessionId(o.sessionId(), k, 0);
                assertThat(h).as("header %d of copy %d", i, k).isEqualTo(new SessionHeader(id, o.flags(),
                        o.startTsc() + shift, o.startMonoNs(), o.startRealNs(), o.tscKhzLinux(), o.tscKhzAp(),
                        o.sources(), o.devices(), o.buildIds(), o.texts(), o.formatVersion()));
            }
            ids.add(d.headers().get(0).sessionId());
        }
        assertThat(ids).as("session ids of the original, copy 1, copy 2").doesNotHaveDuplicates();
    }

    @Test
    void originalAndTwoCopiesAnalyseAsThreeSessions(@TempDir Path dir) throws IOException {
        SessionCopies c = SessionCopies.of(List.of(healthy));
        Path file = dir.resolve("three.pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(file)) {
            for (int k = 0; k < 3; k++) {
                byte[] b = c.copy(k, 0);
                w.write(b, 0, b.length);
            }
        }
        Analysed one = Analysed.of(SAMPLES.resolve("healthy.pmdt"));
        Analysed three = Analysed.of(file);
        assertClean(three.stats());
        assertThat(three.stats().events()).isEqualTo(3 * original.stats().events());
        assertThat(one.snapshot().completed()).isPositive();
        assertThat(three.snapshot().completed()).isEqualTo(3 * one.snapshot().completed());
        assertThat(three.flagged(RequestFlags.ID_REUSED)).as("requests flagged id_reused").isZero();
        assertThat(three.snapshot().openRequests()).isEqualTo(3 * one.snapshot().openRequests());
        // each session is analysed as the original is: every request flag (out_of_order,
        // missing_events, session_ended, ...) exactly three times as often, the same findings
        for (int bit = 0; bit < Integer.SIZE; bit++) {
            assertThat(three.flagged(1 << bit)).as("requests flagged %s", RequestFlags.describe(1 << bit))
                    .isEqualTo(3 * one.flagged(1 << bit));
        }
        assertThat(three.snapshot().findings().stream().map(f -> f.kind()).distinct().toList())
                .isEqualTo(one.snapshot().findings().stream().map(f -> f.kind()).distinct().toList());
    }

    /** An analysis of a file, with the finalized requests counted per flag bit. */
    record Analysed(AnalysisSnapshot snapshot, DecodeStats stats, long[] flags) {
        static Analysed of(Path file) throws IOException {
            TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
            long[] flags = new long[Integer.SIZE];
            a.addRequestListener(v -> {
                for (int bit = 0; bit < Integer.SIZE; bit++) {
                    flags[bit] += v.flags() >>> bit & 1;
                }
            });
            DecodeStats st = TraceFiles.decode(file, a);
            a.finish();
            return new Analysed(a.snapshot(), st, flags);
        }

        long flagged(int flag) {
            return flags[Integer.numberOfTrailingZeros(flag)];
        }
    }

    @Test
    void twoInputsMakeSessionsThatFollowEachOther() throws IOException {
        Path slow = SAMPLES.resolve("slow-disk.pmdt");
        assumeTrue(Files.exists(slow), "samples/slow-disk.pmdt is not there");
        byte[] slowDisk = Files.readAllBytes(slow);
        SessionCopies c = SessionCopies.of(List.of(slowDisk, slowDisk, slowDisk));
        assertThat(c.shift(0, 0)).isZero();
        long end = Long.MIN_VALUE;
        List<Long> ids = new ArrayList<>();
        Decoded base = Decoded.of(slowDisk);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < c.inputs(); i++) {
                Decoded d = Decoded.of(c.copy(k, i));
                assertClean(d.stats());
                assertThat(d.types()).isEqualTo(base.types());
                assertThat(d.tscs()[0] - base.tscs()[0]).isEqualTo(c.shift(k, i));
                long lo = Arrays.stream(d.tscs()).min().getAsLong();
                assertThat(lo).as("copy %d of input %d starts after the previous session ends", k, i)
                        .isGreaterThan(end);
                end = Arrays.stream(d.tscs()).max().getAsLong();
                d.headers().forEach(h -> {
                    if (!ids.contains(h.sessionId())) {
                        ids.add(h.sessionId());
                    }
                });
            }
        }
        // the same input three times still gives six sessions
        assertThat(ids).hasSize(6);
    }
}
