package org.pmdi.analysis.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.ErrorTraces;
import org.pmdi.analysis.ErrorTraces.How;
import org.pmdi.analysis.ErrorTraces.Outcome;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.trace.RefusalReason;

/** The findings of failures: which kind, how severe, in which words, about which device and time. */
class ErrorFindingsTest {
    @TempDir
    Path tmp;

    AnalysisSnapshot analyze(List<Outcome> o) throws IOException {
        return TraceFiles.analyze(ErrorTraces.write(tmp.resolve("t.pmdt"), 41, o), AnalysisConfig.defaults());
    }

    static List<Finding> of(AnalysisSnapshot s, FindingKind k) {
        return s.findings().stream().filter(f -> f.kind() == k).toList();
    }

    @Test
    void driverErrorsOnePerDeviceWithTheirStatusesSinceTheFirst() throws IOException {
        List<Outcome> o = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            o.add(Outcome.ok(1, 100));
            o.add(i % 3 == 0 ? Outcome.driver(2, ErrorTraces.EIO, 8, 100) : Outcome.ok(2, 100));
        }
        o.add(Outcome.driver(1, -28, 8, 100));
        o.add(Outcome.driver(2, -61, -1, 100));
        AnalysisSnapshot s = analyze(o);
        List<Finding> f = of(s, FindingKind.DRIVER_ERRORS);
        assertThat(f).extracting(Finding::device).containsExactly(1, 2);
        assertThat(f).allMatch(x -> x.severity() == Severity.ERROR);
        Finding vdb = f.get(1);
        DeviceErrors e = s.errors(2);
        assertThat(vdb.summary()).isEqualTo("the Linux driver failed 11 of 31 requests on vdb with EIO (10), ENODATA (1)"
                + " since " + org.pmdi.analysis.findings.Durations.format(e.firstFailureNs()));
        assertThat(vdb.atNs()).isEqualTo(e.firstFailureNs());
        assertThat(vdb.requestId()).isEqualTo(e.causes().get(0).first().get(0).id());
        assertThat(vdb.evidence()).anyMatch(l -> l.startsWith("error rate 35.5 % (11 of 31"));
        assertThat(f.get(0).summary()).startsWith("the Linux driver failed 1 of 31 requests on vda with ENOSPC since");
        assertThat(s.hasErrors()).isTrue();
    }

    @Test
    void malformedRequestsAreOneFindingByReasonWithTheFirstRequestsAndNotTheRefusalsLinuxMadeForItself()
            throws IOException {
        List<Outcome> o = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            o.add(Outcome.refused(1, RefusalReason.BAD_LENGTH, ErrorTraces.EINVAL));
            o.add(Outcome.ok(1, 100));
        }
        for (int i = 0; i < 3; i++) {
            o.add(Outcome.refused(2, RefusalReason.BAD_BUFFER, -14));
        }
        o.add(Outcome.refused(1, RefusalReason.SHUTDOWN, -108));
        AnalysisSnapshot s = analyze(o);
        List<Finding> m = of(s, FindingKind.MALFORMED_REQUESTS);
        assertThat(m).hasSize(1);
        Finding f = m.get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.summary()).isEqualTo(
                "the AP sent 15 requests Linux refused, a bug in the new OS: 12 bad_length, 3 bad_buffer");
        assertThat(f.device()).as("two devices: none named").isEqualTo(-1);
        assertThat(f.requestId()).isEqualTo(1);
        assertThat(f.evidence()).startsWith("12 bad_length: length zero, too long, or not whole blocks (on vda)",
                "3 bad_buffer: buffer not inside one I/O window chunk (on vdb)");
        assertThat(f.evidence().stream().filter(l -> l.startsWith("request ")).toList()).hasSize(5)
                .first().asString().startsWith("request 1 on vda at ").endsWith(": bad_length (EINVAL)");
        List<Finding> r = of(s, FindingKind.REQUESTS_REFUSED);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(r.get(0).summary()).isEqualTo("Linux refused 1 well-formed request (not the AP's fault): 1 shutdown,"
                + " while the dispatcher was unloading");
        assertThat(r.get(0).device()).isEqualTo(1);
        assertThat(of(s, FindingKind.DRIVER_ERRORS)).isEmpty();
    }

    @Test
    void outOfMemoryIsAWarningAndUnexplainedFailuresAreNamedAsSuch() throws IOException {
        List<Outcome> o = new ArrayList<>(List.of(Outcome.driver(2, -12, RefusalReason.NO_MEMORY.code(), 100),
                Outcome.refused(1, RefusalReason.SHUTDOWN, -108), new Outcome(1, How.REFUSED, -22, -1, 0),
                new Outcome(1, How.REFUSED, -22, -1, 0), Outcome.ok(1, 100)));
        AnalysisSnapshot s = analyze(o);
        Finding r = of(s, FindingKind.REQUESTS_REFUSED).get(0);
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.summary()).contains("1 no_memory", "1 shutdown").doesNotContain("unloading");
        Finding u = of(s, FindingKind.REQUESTS_FAILED).get(0);
        assertThat(u.severity()).isEqualTo(Severity.WARNING);
        assertThat(u.device()).isEqualTo(1);
        assertThat(u.summary()).startsWith("2 of 4 requests on vda failed with EINVAL and the trace does not say why");
        assertThat(s.hasErrors()).isFalse();
    }

    @Test
    void noFailuresNoFindings() throws IOException {
        AnalysisSnapshot s = analyze(List.of(Outcome.ok(1, 100), Outcome.ok(2, 100)));
        assertThat(s.findings()).extracting(Finding::kind).doesNotContain(FindingKind.DRIVER_ERRORS,
                FindingKind.MALFORMED_REQUESTS, FindingKind.REQUESTS_REFUSED, FindingKind.REQUESTS_FAILED);
        assertThat(s.errors()).extracting(DeviceErrors::failed).containsOnly(0L);
    }
}
