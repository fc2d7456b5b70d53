package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.codec.StreamDecoder;

/** The progress line's outstanding requests: posted and not done, as the analysis counts them. */
class FeedPublisherTest {
    private static int outstandingAfter(byte[] stream) {
        try (LiveFeed feed = LiveFeed.create()) {
            FeedPublisher p = new FeedPublisher(feed);
            StreamDecoder d = StreamDecoder.create(p);
            d.push(stream, 0, stream.length);
            d.finish();
            return p.outstanding();
        }
    }

    @Test
    void postOpensDoneClosesANewSessionForgets() {
        List<TraceEvent> ev = new ArrayList<>();
        int post = EventType.REQ_POST.id();
        int done = EventType.REQ_DONE.id();
        ev.add(TraceEvent.fixed(0, 0, post, 100, 7, 2, 1, 0, 4096, 0));
        ev.add(TraceEvent.fixed(0, 1, post, 200, 8, 2, 1, 1, 4096, 8));
        ev.add(TraceEvent.fixed(1, 0, EventType.DISPATCH.id(), 300, 7, 1));
        ev.add(TraceEvent.fixed(0, 2, post, 400, 9, 0, 1, 2, 0, 0));
        assertThat(outstandingAfter(TestTraces.stream(ev))).isEqualTo(3);
        ev.add(TraceEvent.fixed(0, 3, done, 500, 7, 0));
        ev.add(TraceEvent.fixed(0, 4, done, 600, 99, 0));
        assertThat(outstandingAfter(TestTraces.stream(ev))).isEqualTo(2);

        byte[] first = TestTraces.stream(ev);
        SessionHeader next = SessionHeader.builder().session(4243, 0, 0, 0, 0).clock(1_000_000, 1_000_000).build();
        byte[] second = org.pmdi.trace.codec.TraceEncoder.encode(next, List.of());
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertThat(outstandingAfter(both)).isZero();
    }

    @Test
    void completedRequestsLeaveNothingOutstanding() {
        assertThat(outstandingAfter(TestTraces.stream(TestTraces.requests(500, 1_000)))).isZero();
    }

    @Test
    void onEverySampleTheBridgeCountsWhatTheReportCounts() throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("../samples"))) {
            samples = s.filter(p -> p.toString().endsWith(".pmdt")).sorted().toList();
        }
        assertThat(samples).isNotEmpty();
        boolean someOpen = false;
        for (Path sample : samples) {
            TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
            TraceFiles.decode(sample, a);
            int depth = a.snapshot().devices().stream().mapToInt(d -> d.queueDepth()).sum();
            assertThat(outstandingAfter(Files.readAllBytes(sample))).as(sample.toString()).isEqualTo(depth);
            someOpen |= depth > 0;
        }
        assertThat(someOpen).as("a stuck sample has requests outstanding at its end").isTrue();
    }
}
