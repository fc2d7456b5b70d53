package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.conformance.ConformanceTrace;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckReason;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.report.JsonReport;
import org.pmdi.analysis.report.TextReport;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.trace.EventType;
import org.pmdi.trace.RefusalReason;
import org.pmdi.trace.codec.TraceItems;

/** A NIC in the analysis: per-direction latency, waiting receive buffers, drops, link changes. */
class NetAnalysisTest {
    private static final int ETH0 = 3;
    @TempDir
    Path tmp;

    private Path write(GeneratedTraces.Body body) throws IOException {
        return GeneratedTraces.write(tmp.resolve("net.pmdt"), 16, body);
    }

    private AnalysisSnapshot run(GeneratedTraces.Body body) throws IOException {
        return TraceFiles.analyze(write(body), AnalysisConfig.defaults());
    }

    private static List<Finding> of(AnalysisSnapshot s, FindingKind k) {
        return s.findings().stream().filter(f -> f.kind() == k).toList();
    }

    @Test
    void eachDirectionHasItsLatencyAndTheWaitForAFrameIsNotLatency() throws IOException {
        AnalysisSnapshot s = run(t -> GeneratedTraces.netEcho(t, 20, 300_000_000L));
        LatencySummary tx = s.latency(ETH0, "tx");
        LatencySummary rx = s.latency(ETH0, "rx");
        assertThat(tx.count()).isEqualTo(20);
        assertThat(rx.count()).isEqualTo(20);
        // every RECV waited 300 ms for its frame; arrival to taken is a few steps of µs
        assertThat(rx.maxNs()).isLessThan(1_000_000L);
        // tx = post to handed to the driver: queued + doorbell + dispatch wait + 20 µs in driver
        assertThat(tx.p50Ns()).isGreaterThan(20_000L).isLessThan(1_000_000L);
        // the total and the driver phase are the SENDs' only
        assertThat(s.latency(ETH0, "total").count()).isEqualTo(20);
        assertThat(s.latency(ETH0, "total").maxNs()).isLessThan(1_000_000L);
        assertThat(s.latency(ETH0, "driver").count()).isEqualTo(20);
        assertThat(s.latency(ETH0, "pickup").count()).isEqualTo(40);
        assertThat(s.device(ETH0).completed()).isEqualTo(40);
        assertThat(s.findings()).noneMatch(f -> f.severity() != Severity.INFO);
    }

    @Test
    void aBlockDeviceHasNoDirections() throws IOException {
        AnalysisSnapshot s = run(t -> GeneratedTraces.healthy(t, 40, 3));
        assertThat(s.latency(1, "tx")).isNull();
        assertThat(s.latency(1, "rx")).isNull();
        assertThat(s.latency(ETH0, "tx").count()).isEqualTo(10); // healthy() sends on eth0
    }

    @Test
    void aReceiveBufferWaitingForAFrameIsNeverStuck() throws IOException {
        Path p = write(t -> {
            GeneratedTraces.netEcho(t, 3, 1_000_000L);
            t.postRecv(ETH0, 1514);
            t.postRecv(ETH0, 1514);
            GeneratedTraces.healthy(t, 40, 4);
            t.idle(5_000_000_000L); // far past the stuck threshold, to the end of the trace
        });
        AnalysisSnapshot s = TraceFiles.analyze(p, AnalysisConfig.defaults());
        assertThat(s.stuck()).isEmpty();
        assertThat(of(s, FindingKind.STUCK_UNCERTAIN)).isEmpty();
        assertThat(s.openRequests()).isEqualTo(2);
        assertThat(s.hasErrors()).isFalse();
        ConformanceTrace.Result c = ConformanceTrace.check(p, -1, -1);
        assertThat(c.verdicts().get(1).pass()).as(c.verdicts().get(1).detail()).isTrue();
    }

    @Test
    void aReceiveBufferWhosePostWasLostIsNotCalledStuck() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.netEcho(t, 3, 1_000_000L);
            t.inDriverWithoutPost(ETH0, 0, true);
            GeneratedTraces.healthy(t, 40, 4);
            t.idle(5_000_000_000L);
        });
        // Linux's side of it is a RECV's (taken in the drain, waiting in the driver): never stuck
        assertThat(s.stuck()).isEmpty();
        assertThat(of(s, FindingKind.STUCK_UNCERTAIN)).isEmpty();
        assertThat(s.hasErrors()).isFalse();
    }

    @Test
    void aRequestInANicsDriverWithoutPostOrDispatchCannotBeTold() throws IOException {
        // e.g. a recording that traced the driver class only: no loss, yet no op
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.netEcho(t, 3, 1_000_000L);
            t.inDriverWithoutPost(ETH0, -1, false);
            GeneratedTraces.healthy(t, 40, 4);
            t.idle(5_000_000_000L);
        });
        assertThat(s.stuck()).isEmpty();
        assertThat(of(s, FindingKind.STUCK_UNCERTAIN)).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("may be a receive buffer"));
        assertThat(s.hasErrors()).isFalse();
    }

    @Test
    void aSendWhosePostWasLostIsStillStuckInTheDriver() throws IOException {
        // the worker's DISPATCH (ctx 1) says it is no receive buffer: the absence of its DRV_END counts
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.netEcho(t, 3, 1_000_000L);
            t.inDriverWithoutPost(ETH0, 1, true);
            GeneratedTraces.healthy(t, 40, 5);
            t.idle(1_500_000_000L);
        });
        assertThat(s.stuck()).extracting(st -> st.reason()).containsExactly(StuckReason.IN_DRIVER);
    }

    @Test
    void liveAReceiveBufferWaitingAsTheWallClockRunsIsNeverStuck() throws IOException {
        Path p = write(t -> {
            GeneratedTraces.netEcho(t, 3, 1_000_000L);
            t.postRecv(ETH0, 1514);
        });
        java.util.concurrent.atomic.AtomicLong wall = new java.util.concurrent.atomic.AtomicLong();
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults(), wall::get);
        org.pmdi.analysis.live.FindingWatch watch = new org.pmdi.analysis.live.FindingWatch();
        TraceItems.decodeAll(java.nio.file.Files.readAllBytes(p)).forEach(live);
        for (int i = 0; i < 5; i++) {
            wall.addAndGet(1_000_000_000L); // the AP keeps quiet: 5 s with a buffer posted
            AnalysisSnapshot s = live.snapshot();
            assertThat(s.stuck()).isEmpty();
            assertThat(watch.update(s)).noneMatch(tr -> tr.kind() == org.pmdi.analysis.live.Transition.Kind.STUCK);
        }
    }

    @Test
    void aFilledBufferTheApNeverTakesAndASendInTheDriverAreStuck() throws IOException {
        AnalysisSnapshot s = run(t -> {
            long r = t.postRecv(ETH0, 1514);
            t.frameArrives(r, ETH0, GeneratedTraces.toAp(64), 96, false);
            t.send(ETH0, GeneratedTraces.fromAp(64), 96, 0, StopAt.IN_DRIVER);
            GeneratedTraces.healthy(t, 40, 5);
            t.idle(1_500_000_000L);
        });
        assertThat(s.stuck()).extracting(st -> st.reason())
                .containsExactlyInAnyOrder(StuckReason.COMPLETION_NOT_TAKEN, StuckReason.IN_DRIVER);
        assertThat(s.stuck()).extracting(st -> st.request().op()).containsExactlyInAnyOrder(4, 5);
    }

    @Test
    void dropsAreCountedWithTheirTimeRange() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.netEcho(t, 2, 1_000_000L);
            for (int i = 0; i < 3; i++) {
                t.drop(ETH0, GeneratedTraces.toAp(100 + i), 96);
            }
            GeneratedTraces.netEcho(t, 2, 1_000_000L);
        });
        List<Finding> d = of(s, FindingKind.FRAMES_DROPPED);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).summary()).isEqualTo("3 frames dropped on eth0: the AP had no receive buffer posted");
        assertThat(d.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(d.get(0).device()).isEqualTo(ETH0);
        assertThat(d.get(0).evidence().get(0)).startsWith("first ").contains(", last ").contains("bytes");
        assertThat(s.eventCounts()).containsEntry(EventType.NET_FRAME.name(), 4L * 2 + 3);
    }

    @Test
    void underLossTheDropCountIsALowerBoundAndNoDropIsCannotTell() throws IOException {
        AnalysisSnapshot s = run(t -> {
            t.drop(ETH0, GeneratedTraces.toAp(100), 96);
            t.linuxLost(1, 5);
            t.drop(ETH0, GeneratedTraces.toAp(100), 96);
        });
        List<Finding> d = of(s, FindingKind.FRAMES_DROPPED);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).summary()).startsWith("at least 2 frames dropped on eth0");

        AnalysisSnapshot none = run(t -> {
            GeneratedTraces.netEcho(t, 2, 1_000_000L);
            t.linuxLost(1, 5);
        });
        assertThat(of(none, FindingKind.FRAMES_DROPPED)).singleElement().satisfies(f -> {
            assertThat(f.summary()).startsWith("cannot tell whether frames were dropped on eth0");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
    }

    /** Two NET_DROPs on Linux ring 1 with these seqs, fed live to a fresh analyzer. */
    private static AnalysisSnapshot dropsWithSeqs(long first, long second) {
        org.pmdi.trace.SessionHeader h = org.pmdi.trace.SessionHeader.builder().session(1, 0, 0, 0, 0)
                .clock(1_000_000, 1_000_000).source(org.pmdi.trace.Source.of(0, 0, 1, 1, 4096))
                .source(org.pmdi.trace.Source.of(1, 1, 0, 0, 4096))
                .device(org.pmdi.trace.Device.of(ETH0, org.pmdi.trace.DeviceClass.NET.code(), 0, 0, 0, "eth0",
                        "virtio_net"))
                .build();
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        a.accept(h);
        a.accept(org.pmdi.trace.TraceEvent.fixed(1, first, EventType.NET_DROP.id(), 1_000, 0, ETH0, 60));
        a.accept(org.pmdi.trace.TraceEvent.fixed(1, second, EventType.NET_DROP.id(), 2_000, 0, ETH0, 60));
        a.finish();
        return a.snapshot();
    }

    @Test
    void lateAttachAndTransportLossMakeTheCountALowerBound() {
        assertThat(of(dropsWithSeqs(0, 1), FindingKind.FRAMES_DROPPED)).singleElement()
                .satisfies(f -> assertThat(f.summary()).startsWith("2 frames dropped"));
        assertThat(of(dropsWithSeqs(7, 8), FindingKind.FRAMES_DROPPED)).as("the reader attached late")
                .singleElement().satisfies(f -> assertThat(f.summary()).startsWith("at least 2 frames dropped"));
        assertThat(of(dropsWithSeqs(0, 9), FindingKind.FRAMES_DROPPED)).as("records lost in transport")
                .singleElement().satisfies(f -> assertThat(f.summary()).startsWith("at least 2 frames dropped"));
    }

    @Test
    void noLossNoDropNoFinding() throws IOException {
        assertThat(of(run(t -> GeneratedTraces.netEcho(t, 2, 1_000_000L)), FindingKind.FRAMES_DROPPED)).isEmpty();
    }

    @Test
    void linkDownIsShownAndSendsRefusedForItAreFailures() throws IOException {
        AnalysisSnapshot down = run(t -> {
            t.link(ETH0, true);
            GeneratedTraces.netEcho(t, 2, 1_000_000L);
            t.link(ETH0, false);
            t.refusedRequest(ETH0, 4, 64, RefusalReason.LINK_DOWN.code(), -100);
            t.idle(200_000_000L);
        });
        assertThat(of(down, FindingKind.LINK_DOWN)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.summary()).startsWith("the link of eth0 has been down since ");
        });
        assertThat(down.errors(ETH0).failed()).isEqualTo(1);
        assertThat(of(down, FindingKind.REQUESTS_REFUSED)).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("link_down"));

        AnalysisSnapshot back = run(t -> {
            t.link(ETH0, false);
            t.idle(100_000_000L);
            t.link(ETH0, true);
        });
        assertThat(of(back, FindingKind.LINK_DOWN)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.summary()).isEqualTo("the link of eth0 went down 1 time and came back up");
        });
    }

    @Test
    void textReportShowsBothDirections() throws IOException {
        AnalysisSnapshot s = run(t -> GeneratedTraces.netEcho(t, 5, 1_000_000L));
        StringWriter w = new StringWriter();
        TextReport.write(s, List.of(), new PrintWriter(w));
        assertThat(w.toString()).containsPattern("eth0 +tx +5 ").containsPattern("eth0 +rx +5 ");
    }

    @Test
    void jsonReportHasTheDirectionsAndTheDrops() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.netEcho(t, 5, 1_000_000L);
            t.drop(ETH0, GeneratedTraces.toAp(64), 96);
        });
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        JsonReport.write(s, List.of(), 0, out);
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.toByteArray());
        List<String> phases = new java.util.ArrayList<>();
        j.get("latency").forEach(l -> {
            if (l.get("device").asInt() == ETH0) {
                phases.add(l.get("phase").asText() + ":" + l.get("count").asLong());
            }
        });
        assertThat(phases).contains("tx:5", "rx:5", "total:5");
        List<String> kinds = new java.util.ArrayList<>();
        j.get("findings").forEach(f -> kinds.add(f.get("kind").asText() + ":" + f.get("summary").asText()));
        assertThat(kinds).contains("FRAMES_DROPPED:1 frame dropped on eth0: the AP had no receive buffer posted");
    }
}
