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
}
