package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodecPrimitivesTest {
    @Test
    void crc32cCheckValue() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Frames.crc32c(b, 0, b.length)).isEqualTo(0xE3069283);
    }

    @Test
    void varintEdges() {
        byte[] b = new byte[10];
        long[] vals = {0, 1, 127, 128, 16383, 16384, Long.MAX_VALUE, -1L, Long.MIN_VALUE};
        for (long v : vals) {
            int n = Varint.put(b, 0, v);
            assertThat(n).isEqualTo(Varint.size(v));
            assertThat(Varint.length(b, 0, b.length)).isEqualTo(n);
            assertThat(Varint.read(b, 0, n)).isEqualTo(v);
            assertThat(Varint.length(b, 0, n - 1)).isZero();
        }
        assertThat(Varint.put(b, 0, -1L)).isEqualTo(10);
        assertThat(b[9]).isEqualTo((byte) 1);
        b[9] = 2;
        assertThat(Varint.length(b, 0, 10)).isEqualTo(-1);
        assertThat(Varint.zigzag(-1)).isEqualTo(1);
        assertThat(Varint.zigzag(1)).isEqualTo(2);
        assertThat(Varint.unzigzag(Varint.zigzag(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void cobsKnownVectors() {
        check(new byte[] {0}, new byte[] {1, 1, 0});
        check(new byte[] {0, 0}, new byte[] {1, 1, 1, 0});
        check(new byte[] {0x11, 0x22, 0, 0x33}, new byte[] {3, 0x11, 0x22, 2, 0x33, 0});
        check(new byte[] {0x11, 0, 0, 0}, new byte[] {2, 0x11, 1, 1, 1, 0});
        byte[] nz = new byte[254];
        Arrays.fill(nz, (byte) 7);
        byte[] enc = new byte[256];
        enc[0] = (byte) 0xff;
        System.arraycopy(nz, 0, enc, 1, 254);
        check(nz, enc);
    }

    private static void check(byte[] in, byte[] want) {
        byte[] out = new byte[Cobs.maxEncodedLength(in.length)];
        int n = Cobs.encode(in, 0, in.length, out, 0);
        assertThat(Arrays.copyOf(out, n)).isEqualTo(want);
        byte[] dec = new byte[n];
        int m = Cobs.decode(out, 0, n - 1, dec, 0);
        assertThat(Arrays.copyOf(dec, m)).isEqualTo(in);
    }

    @Test
    void frameDecoderCountsEachKindOfBadFrame() {
        int[] good = {0};
        FrameDecoder fd = FrameDecoder.create((k, p, l, o) -> good[0]++);
        byte[] gap = Frames.gap(1, 2, 3);
        fd.push(new byte[] {0}, 0, 1);
        fd.push(gap, 0, gap.length);
        byte[] badCrc = gap.clone();
        int i = 1;
        while (badCrc[i] == 1) {
            i++;
        }
        badCrc[i] ^= 0x01;
        fd.push(badCrc, 0, badCrc.length);
        fd.push(new byte[] {3, 1, 2, 0}, 0, 4);
        byte[] longRun = new byte[300];
        Arrays.fill(longRun, (byte) 9);
        fd.push(longRun, 0, longRun.length);
        fd.push(new byte[] {0}, 0, 1);
        fd.push(new byte[] {5, 1, 0}, 0, 3);
        fd.push(Frames.frame(0x7e, new byte[] {1, 2}), 0, 9);
        fd.push(new byte[] {0, 0, 0}, 0, 3);
        fd.push(gap, 0, gap.length - 3);
        fd.finish();
        assertThat(good[0]).isEqualTo(1);
        assertThat(fd.good()).isEqualTo(1);
        assertThat(fd.unknown()).isEqualTo(1);
        assertThat(fd.corrupt()).isEqualTo(5);
    }

    /** FORMAT.md §3: kind and body over 250 bytes (255..258 with the CRC) is corrupt, at 250 good. */
    @Test
    void framesOfMoreThan250BytesOfKindAndBodyAreCorrupt() {
        for (int k = 0; k < 12; k++) {
            int len = 249 + k % 6;
            byte[] p = new byte[len + FrameKind.CRC_LEN];
            Arrays.fill(p, (byte) 7);
            p[0] = FrameKind.GAP;
            if (k >= 6) {
                p[100] = 0; // no 254-byte block: one byte shorter on the wire (256 for 251)
            }
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(p, 0, len);
            org.pmdi.trace.LittleEndian.put32(p, len, (int) c.getValue());
            byte[] wire = new byte[Cobs.maxEncodedLength(p.length)];
            int n = Cobs.encode(p, 0, p.length, wire, 0);
            FrameDecoder fd = FrameDecoder.create((kind, payload, l, offset) -> { });
            fd.push(new byte[] {0}, 0, 1);
            fd.push(wire, 0, n);
            fd.finish();
            assertThat(fd.good() + fd.corrupt()).as("kind+body %d bytes", len).isEqualTo(1);
            assertThat(fd.good()).as("kind+body %d bytes, %d on the wire", len, n).isEqualTo(len <= 250 ? 1 : 0);
        }
    }

    /** FORMAT.md §4: a repeated older frame is not loss and does not make the next frame a gap. */
    @Test
    void aRepeatedOlderFrameDoesNotMoveTheExpectedSeqBack() throws Exception {
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        TraceEncoder enc = TraceEncoder.create(o);
        long seq = 0;
        for (int f = 0; f < 3; f++) {
            for (int i = 0; i < 4; i++) {
                enc.event(0, org.pmdi.trace.EventType.HEARTBEAT.id(), 10 * seq, 0, seq);
                seq++;
            }
            enc.flush();
            frames.add(o.toByteArray());
            o.reset();
        }
        java.io.ByteArrayOutputStream s = new java.io.ByteArrayOutputStream();
        s.write(0);
        s.write(frames.get(0));
        s.write(frames.get(1));
        s.write(frames.get(0)); // an older frame again
        s.write(frames.get(2)); // follows frame 1: no gap
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(i -> { }));
        d.push(s.toByteArray(), 0, s.size());
        d.finish();
        assertThat(d.stats().lostInTransport()).isZero();
        assertThat(d.duplicateFrames()).isEqualTo(1);
        assertThat(d.stats().events()).as("the repeated frame is dropped, not delivered again").isEqualTo(12);
    }
}
