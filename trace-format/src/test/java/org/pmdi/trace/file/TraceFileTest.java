package org.pmdi.trace.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.trace.EventType;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.codec.TraceVisitor;

class TraceFileTest {
    @TempDir
    Path dir;

    static final SessionHeader H = SessionHeader.builder().session(9, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
            .source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 4096)).build();

    static List<TraceItem> readAll(MappedTraceReader r, long from) {
        List<TraceItem> out = new ArrayList<>();
        r.read(from, TraceItems.visitor(out::add));
        return out;
    }

    @Test
    void closedFileHasTrailerIndexAndLatencySummaries() throws IOException {
        Path f = dir.resolve("a.pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(f); OutputStream o = w.asOutputStream()) {
            TraceEncoder enc = TraceEncoder.create(o);
            enc.header(H);
            enc.event(1, EventType.CLOCK_SYNC.id(), 0, 0, 5_000_000_000L, 10, 20);
            long t = 5_000_000_000L;
            for (int i = 1; i <= 1000; i++) {
                long lat = i % 2 == 0 ? 1000 : 100_000;
                enc.event(0, EventType.REQ_POST.id(), t, i, i % 2, 1, i & 63, 4096, 0);
                enc.event(0, EventType.REQ_DONE.id(), t + lat, i, 0);
                t += 2_000_000;
            }
            enc.event(0, EventType.LOST.id(), t, 0, 7);
            enc.flush();
            w.writeGap(GapMark.of(1, 10, 20));
        }
        try (MappedTraceReader r = MappedTraceReader.open(f)) {
            assertThat(r.indexFromTrailer()).isTrue();
            assertThat(r.header()).isEqualTo(H);
            TraceIndex ix = r.index();
            assertThat(ix.bucketNs()).isEqualTo(1L << 20);
            assertThat(ix.deviceIds()).containsExactly(1, 0);
            long events = ix.buckets().stream().mapToLong(BucketSummary::events).sum();
            assertThat(events).isEqualTo(2002);
            assertThat(ix.buckets().stream().mapToLong(BucketSummary::lost).sum()).isEqualTo(7);
            long fast = 0;
            long slow = 0;
            long max = 0;
            for (BucketSummary b : ix.buckets()) {
                DeviceSummary d0 = b.devices().get(1);
                DeviceSummary d1 = b.devices().get(0);
                fast += d0.requests();
                slow += d1.requests();
                max = Math.max(max, d1.maxNs());
                if (d0.requests() > 0) {
                    assertThat(d0.bins()).containsExactly(9);
                    assertThat(d0.sumNs()).isEqualTo(1000 * d0.requests());
                }
            }
            assertThat(fast).isEqualTo(500);
            assertThat(slow).isEqualTo(500);
            assertThat(max).isEqualTo(100_000);
            List<TraceItem> items = readAll(r, 0);
            assertThat(items.stream().filter(x -> x instanceof TraceEvent).count()).isEqualTo(2002);
            assertThat(items).contains(GapMark.of(1, 10, 20));
            // seek: reading from a bucket's offset yields all of that bucket's events
            for (int b : new int[] {0, 1, 500, ix.bucketCount() - 1}) {
                long ns0 = b * ix.bucketNs();
                long n = readAll(r, ix.bucket(b).offset()).stream()
                        .filter(x -> x instanceof TraceEvent e
                                && bucket(ix, e.source() == 1 ? e.tsc() + 5_000_000_000L : e.tsc()) == b).count();
                assertThat(n).as("bucket %d at %d ns", b, ns0).isEqualTo(ix.bucket(b).events());
            }
        }
    }

    private static long bucket(TraceIndex ix, long tsc) {
        long ns = (tsc - ix.originTsc()) * 1_000_000 / ix.tscKhzAp();
        return ns / ix.bucketNs();
    }

    @Test
    void longTraceDoublesBucketWidthAndKeepsAtMost65536Buckets() throws IOException {
        Path f = dir.resolve("long.pmdt");
        long t = 0;
        int n = 0;
        try (TraceFileWriter w = TraceFileWriter.create(f); OutputStream o = w.asOutputStream()) {
            TraceEncoder enc = TraceEncoder.create(o);
            enc.header(H);
            for (; t < 300_000_000_000L; t += 37_000_000) {
                enc.event(0, EventType.HEARTBEAT.id(), t, 0, n++);
            }
            enc.flush();
        }
        try (MappedTraceReader r = MappedTraceReader.open(f)) {
            TraceIndex ix = r.index();
            assertThat(ix.bucketNs()).isGreaterThan(1L << 20);
            assertThat(ix.bucketCount()).isLessThanOrEqualTo(65_536).isGreaterThan(32_768);
            assertThat(ix.buckets().stream().mapToLong(BucketSummary::events).sum()).isEqualTo(n);
            long prev = 0;
            for (BucketSummary b : ix.buckets()) {
                assertThat(b.offset()).isGreaterThanOrEqualTo(prev);
                prev = b.offset();
            }
            int b = ix.bucketAt(37_000_000L * 5000);
            long count = readAll(r, ix.bucket(b).offset()).stream()
                    .filter(x -> x instanceof TraceEvent e && bucket(ix, e.tsc()) == b).count();
            assertThat(count).isEqualTo(ix.bucket(b).events()).isPositive();
        }
    }

    @Test
    void everyTruncationOpensRebuildsTheIndexAndKeepsWholeFrames() throws IOException {
        Path f = dir.resolve("full.pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(f); OutputStream o = w.asOutputStream()) {
            TraceEncoder enc = TraceEncoder.create(o);
            enc.header(H);
            for (int i = 0; i < 300; i++) {
                enc.event(i % 2, EventType.DRV_BEGIN.id(), 1000L * i, i, i % 3);
            }
            enc.flush();
        }
        byte[] full = Files.readAllBytes(f);
        int dataEnd;
        try (MappedTraceReader r = MappedTraceReader.open(f)) {
            dataEnd = (int) r.index().dataEnd();
        }
        Path cut = dir.resolve("cut.pmdt");
        for (int len = 0; len < full.length; len += 7) {
            Files.write(cut, Arrays.copyOf(full, len));
            try (MappedTraceReader r = MappedTraceReader.open(cut)) {
                assertThat(r.indexFromTrailer()).isFalse();
                DecodeStats s = r.scanStats();
                int end = Math.min(len, dataEnd);
                long whole = expectedEvents(full, end);
                assertThat(s.events()).as("cut at %d", len).isEqualTo(whole);
                boolean partial = len > 0 && full[len - 1] != 0;
                assertThat(s.corrupt()).as("cut at %d", len).isEqualTo(partial ? 1 : 0);
                assertThat(r.index().buckets().stream().mapToLong(BucketSummary::events).sum()).isEqualTo(whole);
            }
        }
    }

    /** Events of the complete frames in {@code full[0, end)}. */
    private static long expectedEvents(byte[] full, int end) {
        int last = end - 1;
        while (last >= 0 && full[last] != 0) {
            last--;
        }
        if (last < 0) {
            return 0;
        }
        return TraceItems.decodeAll(Arrays.copyOf(full, last + 1)).stream().filter(x -> x instanceof TraceEvent)
                .count();
    }

    @Test
    void smallMappingWindowsGiveTheSameEvents() throws IOException {
        Path f = dir.resolve("w.pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(f); OutputStream o = w.asOutputStream()) {
            TraceEncoder enc = TraceEncoder.create(o);
            enc.header(H);
            for (int i = 0; i < 20_000; i++) {
                enc.event(0, EventType.REPLY_POST.id(), 3000L * i, i, -(i % 5), i & 1023);
            }
            enc.flush();
        }
        try (MappedTraceReader big = MappedTraceReader.open(f); MappedTraceReader small = MappedTraceReader.open(f, 12)) {
            assertThat(big.size()).isGreaterThan(3L << 12);
            assertThat(readAll(small, 0)).isEqualTo(readAll(big, 0));
            assertThat(small.index()).isEqualTo(big.index());
        }
    }

    @Test
    void writerDropsCorruptInputFramesAndCountsThem() throws IOException {
        Path f = dir.resolve("c.pmdt");
        java.io.ByteArrayOutputStream clean = new java.io.ByteArrayOutputStream();
        TraceEncoder enc = TraceEncoder.create(clean);
        enc.header(H);
        for (int i = 0; i < 500; i++) {
            enc.event(0, EventType.DISPATCH.id(), 100L * i, i, 1);
        }
        enc.flush();
        byte[] b = clean.toByteArray();
        b[b.length / 2] ^= 0x10;
        try (TraceFileWriter w = TraceFileWriter.create(f)) {
            for (int i = 0; i < b.length; i++) {
                w.write(b, i, 1);
            }
            assertThat(w.stats().corrupt()).isEqualTo(1);
        }
        try (MappedTraceReader r = MappedTraceReader.open(f)) {
            DecodeStats s = r.read(new TraceVisitor() {
                @Override
                public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                }

                @Override
                public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                }
            });
            assertThat(s.corrupt()).isZero();
            assertThat(s.lostInTransport()).isPositive();
            assertThat(s.events() + s.lostInTransport()).isEqualTo(500);
        }
    }

    /** FORMAT.md §2, §5.3, §7: clock offsets and request ids do not carry over into a new session. */
    @Test
    void indexForgetsOffsetsAndRequestsAtANewSession() {
        IndexBuilder b = new IndexBuilder();
        long bucket = 1L << IndexBuilder.MIN_SHIFT; // ns, and cycles at 1 GHz
        long t0 = 5_000_000_000L;
        b.onHeader(H);
        b.onEvent(1, 0, EventType.CLOCK_SYNC.id(), 0, 0, new long[] {t0, 10, 20}, 3);
        b.onEvent(0, 0, EventType.REQ_POST.id(), t0, 7, new long[] {0, 1, 0, 512, 0}, 5);
        b.onEvent(0, 1, EventType.HEARTBEAT.id(), t0 + 10 * bucket + 5, 0, new long[] {1}, 1);
        SessionHeader next = SessionHeader.builder().session(10, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
                .source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 4096)).build();
        b.onHeader(next);
        // with the old session's offset this Linux event would land in bucket 2
        b.onEvent(1, 0, EventType.TRACE_CTRL.id(), 2 * bucket + 5, 0, new long[] {1, 0x3f}, 2);
        // request 7 of the new session is not request 7 of the old one
        b.onEvent(0, 0, EventType.REQ_DONE.id(), t0 + 10 * bucket + 9, 7, new long[] {0}, 1);
        TraceIndex ix = b.build(100);
        assertThat(ix.originTsc()).isEqualTo(t0);
        assertThat(ix.bucket(2).events()).isZero();
        assertThat(ix.bucket(10).events()).as("heartbeat, TRACE_CTRL (latest bucket), REQ_DONE").isEqualTo(3);
        assertThat(ix.buckets().stream().flatMap(x -> x.devices().stream()).mapToLong(DeviceSummary::requests)
                .sum()).as("no latency across sessions").isZero();
    }
}

