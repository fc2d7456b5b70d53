package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;

/**
 * What the decoder tells of loss: bad frames with their offset, duplicates dropped, seqs kept
 * across the first header.
 */
class StreamDecoderLossTest {
    private static final int HEARTBEAT = EventType.HEARTBEAT.id();

    /** An EVENTS frame of {@code n} heartbeats of {@code source} from {@code seq}, with its delimiter. */
    private static byte[] frame(int source, long seq, int n) {
        EventsFrameBuilder b = EventsFrameBuilder.create();
        b.start(source, seq, 1000 + seq * 10, 0);
        for (int i = 0; i < n; i++) {
            b.add(HEARTBEAT, 1000 + (seq + i) * 10, 0, new long[] {seq + i}, 1);
        }
        byte[] wire = new byte[FrameKind.WIRE_MAX];
        int len = b.seal(wire, 0);
        return java.util.Arrays.copyOf(wire, len);
    }

    private static final class Log implements TraceVisitor {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
            seen.add("ev " + source + ":" + seq);
        }

        @Override
        public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        }

        @Override
        public void onBadFrame(boolean unknownKind, long offset) {
            seen.add("bad " + unknownKind + "@" + offset);
        }

        @Override
        public void onDuplicateFrame(int source, long seq, long offset) {
            seen.add("dup " + source + ":" + seq);
        }

        @Override
        public void onTransportLoss(int source, long expectedSeq, long seq) {
            seen.add("loss " + source + ":" + expectedSeq + ".." + seq);
        }

        @Override
        public void onHeader(SessionHeader h) {
            seen.add("header");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }

    @Test
    void aCorruptFrameIsReportedWithItsOffsetAndADuplicateIsDropped() {
        byte[] a = frame(0, 0, 2);
        byte[] b = frame(0, 2, 1);
        byte[] c = frame(0, 3, 1).clone();
        c[3] ^= 0x40;
        byte[] s = concat(a, b, a, c, frame(0, 4, 1));
        Log log = new Log();
        StreamDecoder d = StreamDecoder.create(log);
        d.push(s, 0, s.length);
        d.finish();
        assertThat(log.seen).containsExactly("ev 0:0", "ev 0:1", "ev 0:2", "dup 0:0",
                "bad false@" + (1 + a.length + b.length + a.length), "loss 0:3..4", "ev 0:4");
        assertThat(d.duplicateFrames()).isEqualTo(1);
        assertThat(d.stats().lostInTransport()).as("the duplicate does not turn into loss").isEqualTo(1);
    }

    /** A HEADER frame (or its chunks) of session {@code id}, delimiters included. */
    private static byte[] header(long id) throws java.io.IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        TraceEncoder e = TraceEncoder.create(o);
        e.header(SessionHeader.builder().session(id, 0, 0, 0, 0).clock(1_000_000, 1_000_000).build());
        e.flush();
        byte[] b = o.toByteArray();
        return java.util.Arrays.copyOfRange(b, 1, b.length); // without the stream's leading 0x00
    }

    @Test
    void framesBeforeTheFirstHeaderKeepTheirSeqsSoLossAcrossItCounts() throws Exception {
        byte[] s = concat(frame(0, 0, 2), frame(1, 7, 1), header(5), frame(0, 6, 1), frame(1, 0, 1), frame(1, 1, 1));
        Log log = new Log();
        StreamDecoder d = StreamDecoder.create(log);
        d.push(s, 0, s.length);
        d.finish();
        assertThat(log.seen).containsExactly("ev 0:0", "ev 0:1", "ev 1:7", "header", "loss 0:2..6", "ev 0:6",
                "ev 1:0", "ev 1:1");
        assertThat(d.duplicateFrames()).as("a restart right after the first header is a new session").isZero();
    }

    @Test
    void aNewSessionForgetsTheSeqs() throws Exception {
        byte[] s = concat(header(5), frame(0, 0, 3), header(6), frame(0, 0, 1));
        Log log = new Log();
        StreamDecoder d = StreamDecoder.create(log);
        d.push(s, 0, s.length);
        d.finish();
        assertThat(log.seen).containsExactly("header", "ev 0:0", "ev 0:1", "ev 0:2", "header", "ev 0:0");
        assertThat(d.duplicateFrames()).isZero();
    }
}
