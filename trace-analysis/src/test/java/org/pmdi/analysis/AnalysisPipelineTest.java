package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.report.JsonReport;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.synth.HostileTraces;
import org.pmdi.trace.codec.DecodeStats;

/** An analysis on two threads ends exactly as one on a single thread. */
class AnalysisPipelineTest {
    @TempDir
    Path dir;

    /** Every event and blob the listeners see, folded into a hash, in order. */
    private static final class ListenerHash implements EventListener {
        long hash = 17;
        long calls;

        private void mix(long x) {
            hash = hash * 1_000_003 + x;
        }

        @Override
        public void onEvent(int source, boolean linux, int type, long ns, long req, long[] args, int nargs) {
            calls++;
            mix(source);
            mix(linux ? 1 : 0);
            mix(type);
            mix(ns);
            mix(req);
            for (int i = 0; i < nargs; i++) {
                mix(args[i]);
            }
        }

        @Override
        public void onBlob(int source, boolean linux, int type, long ns, long req, byte[] buf, int off, int len) {
            calls++;
            mix(~source);
            mix(linux ? 1 : 0);
            mix(type);
            mix(ns);
            mix(req);
            for (int i = 0; i < len; i++) {
                mix(buf[off + i]);
            }
        }
    }

    /** What a pass leaves: the decoder's statistics, the reports, the listeners' view. */
    private record Outcome(DecodeStats stats, String json, String text, long calls, long hash, int open,
            String loss) {
    }

    private static Outcome analyze(Path f, boolean twoThreads) throws IOException {
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        ListenerHash h = new ListenerHash();
        a.addEventListener(h);
        DecodeStats st = twoThreads ? TraceFiles.decodeOnTwoThreads(f, a) : TraceFiles.decodeOnOneThread(f, a);
        a.finish();
        AnalysisSnapshot s = a.snapshot();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonReport.write(s, List.of(), 0, json);
        StringWriter text = new StringWriter();
        TextReport.write(s, List.of(), new PrintWriter(text));
        return new Outcome(st, json.toString(StandardCharsets.UTF_8), text.toString(), h.calls, h.hash,
                a.openRequests().size(), a.loss().regions().toString());
    }

    private static void assertSameOutcome(Path f) throws IOException {
        Outcome one = analyze(f, false);
        Outcome two = analyze(f, true);
        assertThat(two).as(f.toString()).isEqualTo(one);
    }

    private static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SampleTest.SAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".pmdt")).sorted().toList();
        }
    }

    @Test
    void everySampleEndsTheSame() throws IOException {
        List<Path> all = samples();
        assertThat(all).hasSizeGreaterThan(10);
        for (Path f : all) {
            assertSameOutcome(f);
        }
    }

    @Test
    void aDamagedTraceEndsTheSame() throws IOException {
        byte[] b = Files.readAllBytes(SampleTest.SAMPLES.resolve("healthy.pmdt"));
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        int hole = b.length / 3;
        byte[] damaged = new byte[b.length - 4096 + 20_000];
        System.arraycopy(b, 0, damaged, 0, hole);
        System.arraycopy(b, hole + 4096, damaged, hole, b.length - hole - 4096);
        // and a stretch read twice (a replayed buffer): duplicate frames
        System.arraycopy(b, b.length / 2, damaged, b.length - 4096, 20_000);
        Path f = dir.resolve("damaged.pmdt");
        Files.write(f, damaged);
        Outcome one = analyze(f, false);
        assertThat(one.stats().corrupt()).isPositive();
        assertThat(analyze(f, true)).isEqualTo(one);
    }

    @Test
    void hostileTracesEndTheSame() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            assertSameOutcome(HostileTraces.write(dir.resolve("hostile-" + seed + ".pmdt"), seed, 2000));
        }
    }

    @Test
    void badFilesGiveTheSameErrors() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pmdt"), new byte[0]);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a trace\n".repeat(200_000));
        Path missing = dir.resolve("missing.pmdt");
        for (Path f : List.of(empty, text, missing, dir)) {
            String one = message(() -> analyze(f, false));
            String two = message(() -> analyze(f, true));
            assertThat(two).as(f.toString()).isEqualTo(one).startsWith(f.toString());
        }
    }

    private interface Pass {
        void run() throws IOException;
    }

    private static String message(Pass p) {
        try {
            p.run();
        } catch (IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("no IOException");
    }

    @Test
    void aFailingListenerStopsTheDecodingThread() throws Exception {
        Path f = SampleTest.SAMPLES.resolve("healthy.pmdt");
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        long[] n = {0};
        a.addEventListener((source, linux, type, ns, req, args, nargs) -> {
            if (++n[0] == 50_000) {
                throw new IllegalStateException("the listener's own bug");
            }
        });
        assertThatThrownBy(() -> TraceFiles.decodeOnTwoThreads(f, a)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the listener's own bug");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (decodingThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(decodingThreads()).isZero();
    }

    @Test
    void aLargeFileIsAnalyzedOnTwoThreads() throws IOException {
        Path f = SampleTest.SAMPLES.resolve("healthy.pmdt");
        assertThat(Files.size(f)).isGreaterThanOrEqualTo(TraceFiles.PIPELINE_MIN);
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        List<String> threads = new ArrayList<>();
        long[] decoders = {-1};
        a.addEventListener((source, linux, type, ns, req, args, nargs) -> {
            if (threads.isEmpty()) {
                threads.add(Thread.currentThread().getName());
                decoders[0] = decodingThreads();
            }
        });
        a.addRequestListener(v -> {
            if (threads.size() == 1) {
                threads.add(Thread.currentThread().getName());
            }
        });
        TraceFiles.decode(f, a);
        // the listeners run on the caller's thread, the decoding on its own
        assertThat(threads).containsOnly(Thread.currentThread().getName());
        assertThat(decoders[0]).isEqualTo(1);
        assertThat(decodingThreads()).as("a decoding thread outlived its pass").isZero();
    }

    private static long decodingThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("pmdi-decode")).count();
    }
}
