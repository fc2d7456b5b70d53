package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.file.MappedTraceReader;

/** A time range's requests, read from the index bucket before it, equal the whole-file ones. */
class RangeAnalysisTest {
    @TempDir
    Path tmp;

    @Test
    void rangeMatchesTheWholeFile() throws IOException {
        Path p = GeneratedTraces.write(tmp.resolve("t.pmdt"), 31, s -> {
            for (int k = 0; k < 8; k++) {
                GeneratedTraces.healthy(s, 200, k);
                s.idle(500_000_000L);
            }
        });
        List<Request> all = new ArrayList<>();
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        a.addRequestListener(v -> all.add(v.toRequest()));
        TraceFiles.decode(p, a);
        a.finish();
        long from = 2_600_000_000L;
        long to = 3_100_000_000L;
        List<Request> expected = all.stream().filter(r -> r.firstNs() <= to && r.pointNs(
                org.pmdi.analysis.request.Point.DONE) >= from)
                .sorted(Comparator.comparingLong(Request::firstNs).thenComparingLong(Request::id)).toList();
        try (MappedTraceReader r = MappedTraceReader.open(p)) {
            assertThat(r.indexFromTrailer()).isTrue();
            List<Request> got = RangeAnalysis.requests(r, from, to, AnalysisConfig.defaults());
            assertThat(got).isNotEmpty().isEqualTo(expected);
        }
    }
}
