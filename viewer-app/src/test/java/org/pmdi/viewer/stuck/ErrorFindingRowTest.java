package org.pmdi.viewer.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.viewer.ErrorTrace;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;

/** Driver errors and malformed requests are rows of the findings panel that open their first failed request. */
class ErrorFindingRowTest {
    @Test
    void failureFindingsSpanTheirFirstFailedRequest(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("e.pmdt");
        long first = ErrorTrace.write(p);
        AnalysisResult r;
        try (OpenedTrace t = OpenedTrace.open(p)) {
            r = t.analyze(AnalysisRunner.create());
        }
        List<FindingRow> rows = FindingRow.of(r);
        FindingRow drv = rows.stream().filter(x -> x.kind().equals("driver errors")).findFirst().orElseThrow();
        assertThat(drv.severity()).isEqualTo("error");
        assertThat(drv.device()).startsWith("vdb");
        assertThat(drv.req()).isEqualTo(first);
        assertThat(drv.diagnosis()).contains("failed " + ErrorTrace.VDB_FAILED + " of 100 requests on vdb with EIO");
        assertThat(drv.onTimeline()).isTrue();
        var f = r.snapshot().findings().stream().filter(x -> x.requestId() == first).findFirst().orElseThrow();
        // from the request's first event to its REQ_DONE (the finding's time)
        assertThat(drv.fromNs()).isLessThan(f.atNs());
        assertThat(drv.toNs()).isEqualTo(f.atNs());
        FindingRow bad = rows.stream().filter(x -> x.kind().equals("malformed requests")).findFirst().orElseThrow();
        assertThat(bad.severity()).isEqualTo("error");
        assertThat(bad.diagnosis()).contains("the AP sent 2 requests Linux refused", "2 bad_length");
        assertThat(bad.onTimeline()).isTrue();
        assertThat(bad.toNs()).isGreaterThan(bad.fromNs());
    }
}
