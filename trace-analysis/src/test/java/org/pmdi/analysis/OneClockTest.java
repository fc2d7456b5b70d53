package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.trace.file.TraceIndex;

/**
 * The file index and the analysis share one clock mapping: on every sample and golden
 * vector they agree on the
 * origin and the AP's frequency, and the events the analysis maps to each bucket are the
 * index's count of that bucket (a Linux event before any CLOCK_SYNC: the latest bucket).
 */
class OneClockTest {
    @TestFactory
    Stream<DynamicTest> indexAndAnalysisPutEveryEventInTheSameBucket() throws IOException {
        List<Path> samples = new ArrayList<>();
        // the golden vectors' edge values test the origin rule: edge-values starts with a Linux
        // event before any CLOCK_SYNC
        for (Path dir : List.of(SampleTest.SAMPLES, Path.of("../trace-format/golden/v0"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".pmdt")).sorted().forEach(samples::add);
            }
        }
        assertThat(samples).hasSizeGreaterThan(3);
        return samples.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path sample) throws IOException {
        TraceIndex ix;
        try (MappedTraceReader r = MappedTraceReader.open(sample)) {
            ix = r.index();
        }
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        int shift = Long.numberOfTrailingZeros(ix.bucketNs());
        long[] counts = new long[ix.bucketCount()];
        a.addEventListener(new EventListener() {
            @Override
            public void onEvent(int source, boolean linux, int type, long ns, long req, long[] args, int nargs) {
                add(source, ns);
            }

            @Override
            public void onBlob(int source, boolean linux, int type, long ns, long req, byte[] b, int off, int len) {
                add(source, ns);
            }

            private int last;

            private void add(int source, long ns) {
                // the index's choice for a time not known yet: the latest bucket seen
                if (a.clock().synced(source)) {
                    last = (int) Math.min(counts.length - 1, Math.max(0, ns) >>> shift);
                }
                counts[last]++;
            }
        });
        TraceFiles.decode(sample, a);
        assertThat(a.clock().originTsc()).isEqualTo(ix.originTsc());
        assertThat(a.clock().tscKhzAp()).isEqualTo(ix.tscKhzAp());
        for (int b = 0; b < counts.length; b++) {
            assertThat(counts[b]).as("events in bucket %d", b).isEqualTo(ix.bucket(b).events());
        }
    }
}
