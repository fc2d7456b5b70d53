package org.pmdi.analysis.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.ErrorTraces;
import org.pmdi.analysis.ErrorTraces.How;
import org.pmdi.analysis.ErrorTraces.Outcome;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.RefusalReason;

/** Per-device outcomes from generated traces: counts, causes, times, and latency kept apart. */
class DeviceErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void driverErrorsAreCountedByStatusAndReasonWithTheirTimes() throws IOException {
        List<Outcome> o = ErrorTraces.diskErrors(400, 4, true);
        List<Long> ids = new ArrayList<>();
        Path p = GeneratedTraces.write(tmp.resolve("e.pmdt"), 5, s -> ids.addAll(ErrorTraces.body(s, o)));
        AnalysisSnapshot s = TraceFiles.analyze(p, AnalysisConfig.defaults());

        long vdbAll = o.stream().filter(x -> x.device() == 2).count();
        long vdbFailed = o.stream().filter(x -> x.device() == 2 && x.failed()).count();
        DeviceErrors e = s.errors(2);
        assertThat(e.requests()).isEqualTo(vdbAll);
        assertThat(e.failed()).isEqualTo(vdbFailed).isPositive();
        assertThat(e.errorRate()).isEqualTo((double) vdbFailed / vdbAll);
        assertThat(e.byStatus()).containsExactly(Map.entry("EIO", vdbFailed));
        assertThat(e.byReason()).containsExactly(Map.entry("device_error", vdbFailed));
        assertThat(e.count(FailureCause.Kind.DEVICE_ERROR)).isEqualTo(vdbFailed);
        for (int dev : new int[] {0, 1, 3}) {
            assertThat(s.errors(dev).failed()).as("device %d", dev).isZero();
            assertThat(s.errors(dev).requests()).isEqualTo(o.stream().filter(x -> x.device() == dev).count());
        }
        // first and last failure: the REQ_DONE times of the first and last failed requests
        CauseCount c = e.causes().get(0);
        long firstId = ids.get(o.indexOf(o.stream().filter(Outcome::failed).findFirst().get()));
        assertThat(c.first().get(0).id()).isEqualTo(firstId);
        assertThat(c.first()).hasSize(CauseCount.EXAMPLES).isSortedAccordingTo(
                java.util.Comparator.comparingLong(FailedRequest::atNs));
        assertThat(e.firstFailureNs()).isEqualTo(c.first().get(0).atNs()).isLessThan(e.lastFailureNs());
        assertThat(e.lastFailureNs()).isLessThanOrEqualTo(s.nowNs());
    }

    @Test
    void fastFailuresDoNotMakeADiskLookFast() throws IOException {
        // vdb: healthy requests take ~50 us in the driver; half its requests fail in ~1 us
        List<Outcome> o = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            o.add(Outcome.ok(2, 50 * GeneratedTraces.US));
            o.add(Outcome.driver(2, ErrorTraces.EIO, RefusalReason.DEVICE_ERROR.code(), GeneratedTraces.US));
        }
        AnalysisSnapshot s = TraceFiles.analyze(ErrorTraces.write(tmp.resolve("f.pmdt"), 6, o),
                AnalysisConfig.defaults());
        LatencySummary ok = s.latency(2, "total");
        LatencySummary failed = s.errors(2).failedLatency();
        assertThat(ok.count()).isEqualTo(200);
        assertThat(failed.count()).isEqualTo(200);
        assertThat(ok.p50Ns()).isGreaterThan(50_000);
        assertThat(failed.p50Ns()).isLessThan(ok.p50Ns() - 40_000);
        assertThat(s.latency(2, "driver").count()).isEqualTo(200);
        assertThat(s.device(2).completed()).isEqualTo(200);
    }

    @Test
    void everyCauseIsNamedByItsRecordOrByWhereTheRequestStopped() throws IOException {
        List<Outcome> o = List.of(
                Outcome.refused(1, RefusalReason.BAD_LENGTH, ErrorTraces.EINVAL),
                Outcome.refused(1, RefusalReason.BAD_BUFFER, -14),
                Outcome.refused(9, RefusalReason.BAD_DEVICE, -19),
                Outcome.refused(1, RefusalReason.SHUTDOWN, -108),
                new Outcome(1, How.REFUSED, ErrorTraces.EINVAL, -1, 0),
                // the block backend refuses a bad length after DRV_BEGIN: the reason wins over DRV_END
                Outcome.driver(2, ErrorTraces.EINVAL, RefusalReason.BAD_LENGTH.code(), 100),
                Outcome.driver(2, ErrorTraces.EIO, -1, 100),
                Outcome.driver(2, -12, RefusalReason.NO_MEMORY.code(), 100),
                Outcome.refused(2, RefusalReason.of(99), ErrorTraces.EINVAL),
                Outcome.ok(1, 100), Outcome.ok(2, 100));
        AnalysisSnapshot s = TraceFiles.analyze(ErrorTraces.write(tmp.resolve("c.pmdt"), 7, o),
                AnalysisConfig.defaults());
        Map<Integer, Map<String, Long>> want = new TreeMap<>();
        for (Outcome x : o) {
            if (x.failed()) {
                want.computeIfAbsent(x.device(), d -> new TreeMap<>()).merge(x.expectedKey(), 1L, Long::sum);
            }
        }
        Map<Integer, Map<String, Long>> got = new TreeMap<>();
        for (DeviceErrors e : s.errors()) {
            if (e.failed() > 0) {
                got.put(e.device(), new TreeMap<>(e.byReason()));
            }
        }
        assertThat(got).isEqualTo(want);
        assertThat(s.errors(1).causes(FailureCause.Kind.MALFORMED)).extracting(c -> c.cause().key())
                .containsExactlyInAnyOrder("bad_length", "bad_buffer");
        assertThat(s.errors(1).count(FailureCause.Kind.REFUSED)).isEqualTo(1);
        assertThat(s.errors(1).count(FailureCause.Kind.UNKNOWN)).isEqualTo(1);
        assertThat(s.errors(2).byStatus()).containsEntry("EINVAL", 2L).containsEntry("EIO", 1L)
                .containsEntry("ENOMEM", 1L);
        assertThat(s.device(9)).as("a device only refused requests name still gets a row").isNotNull();
    }

    @Test
    void openRequestsLinuxAlreadyAnsweredCountOnceBeforeAndAfterTheyFinalize() throws IOException {
        List<Outcome> o = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            o.add(Outcome.refused(1, RefusalReason.BAD_LENGTH, ErrorTraces.EINVAL));
            o.add(Outcome.ok(1, 100));
        }
        Path p = ErrorTraces.write(tmp.resolve("o.pmdt"), 8, o);
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        TraceFiles.decode(p, a);
        DeviceErrors before = a.snapshot().errors(1);
        a.finish();
        DeviceErrors after = a.snapshot().errors(1);
        assertThat(a.openRequests()).isEmpty();
        assertThat(before.failed()).isEqualTo(6);
        assertThat(before.requests()).isEqualTo(12);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anOpenFailureWithoutExplanationYetIsCountedOnlyOnceFinalized() throws IOException {
        // refused without a REQ_REFUSED (v0): no driver events, open until the reorder horizon
        List<Outcome> o = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            o.add(new Outcome(1, How.REFUSED, ErrorTraces.EINVAL, -1, 0));
            o.add(Outcome.ok(1, 100));
        }
        Path p = ErrorTraces.write(tmp.resolve("o.pmdt"), 8, o);
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        TraceFiles.decode(p, a);
        assertThat(a.openRequests()).extracting(Request::status).contains(ErrorTraces.EINVAL);
        AnalysisSnapshot open = a.snapshot();
        a.finish();
        DeviceErrors after = a.snapshot().errors(1);
        assertThat(a.openRequests()).isEmpty();
        assertThat(open.errors(1).failed()).as("its DRV_END or REQ_REFUSED may still come").isZero();
        assertThat(open.findings()).extracting(f -> f.kind().name()).doesNotContain("REQUESTS_FAILED");
        assertThat(after.failed()).isEqualTo(6);
        assertThat(after.requests()).isEqualTo(12);
        assertThat(after.count(FailureCause.Kind.UNKNOWN)).isEqualTo(6);
    }

    @Test
    void refusedRequestsAreCompleteWithoutDriverEventsAndFinalizedAtOnce() throws IOException {
        List<Outcome> o = List.of(Outcome.refused(1, RefusalReason.BAD_LENGTH, ErrorTraces.EINVAL), Outcome.ok(1, 100),
                Outcome.driver(2, ErrorTraces.EIO, RefusalReason.DEVICE_ERROR.code(), 100),
                Outcome.driver(2, ErrorTraces.EINVAL, RefusalReason.BAD_LENGTH.code(), 100));
        Path p = ErrorTraces.write(tmp.resolve("r.pmdt"), 9, o);
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        List<Request> finalized = new ArrayList<>();
        a.addRequestListener(v -> finalized.add(v.toRequest()));
        TraceFiles.decode(p, a);
        assertThat(a.openRequests()).as("no request waits for the reorder horizon").isEmpty();
        assertThat(finalized).hasSize(4);
        int refused = org.pmdi.analysis.request.RequestFlags.REFUSED;
        int missing = org.pmdi.analysis.request.RequestFlags.MISSING_EVENTS;
        assertThat(finalized).filteredOn(r -> (r.flags() & refused) != 0).extracting(Request::id)
                .as("refused, not the driver error").containsExactlyInAnyOrder(1L, 4L);
        assertThat(finalized).allMatch(r -> (r.flags() & missing) == 0);
        a.finish();
        assertThat(a.snapshot().findings()).extracting(f -> f.kind().name()).doesNotContain("INCOMPLETE_REQUESTS");
    }

    @Test
    void errnoNames() {
        assertThat(Errno.name(-5)).isEqualTo("EIO");
        assertThat(Errno.name(5)).isEqualTo("EIO");
        assertThat(Errno.name(-22)).isEqualTo("EINVAL");
        assertThat(Errno.name(-108)).isEqualTo("ESHUTDOWN");
        assertThat(Errno.name(0)).isEqualTo("OK");
        assertThat(Errno.name(-3)).isEqualTo("errno 3");
        assertThat(Errno.name(Long.MIN_VALUE)).startsWith("errno ");
    }

    @Test
    void causesFromRefusalCodes() {
        assertThat(FailureCause.refused(RefusalReason.DEVICE_ERROR)).isEqualTo(FailureCause.DEVICE_ERROR);
        assertThat(FailureCause.refused(RefusalReason.OK)).isEqualTo(FailureCause.UNKNOWN);
        assertThat(FailureCause.refused(RefusalReason.BAD_FLAGS).kind()).isEqualTo(FailureCause.Kind.MALFORMED);
        assertThat(FailureCause.refused(RefusalReason.NO_MEMORY).kind()).isEqualTo(FailureCause.Kind.REFUSED);
        assertThat(FailureCause.refused(RefusalReason.UNKNOWN).key()).isEqualTo("refused_other");
        for (RefusalReason r : RefusalReason.values()) {
            FailureCause c = FailureCause.refused(r);
            assertThat(c.kind() == FailureCause.Kind.MALFORMED).as(r.name()).isEqualTo(r.apFault());
        }
    }
}
