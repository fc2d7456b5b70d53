package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The frame layer gives back exactly the frames sealed by {@link Frames}, whatever their zeros. */
class FrameDecoderPropertiesTest {

    /** Bodies whose bytes are mostly zero, mostly non-zero (0xFF blocks), or anything. */
    @Provide
    Arbitrary<List<byte[]>> bodies() {
        Arbitrary<Byte> sparse = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(3, (byte) 0), net.jqwik.api.Tuple.of(1, (byte) 0x5a));
        Arbitrary<Byte> dense = Arbitraries.bytes().filter(b -> b != 0);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.of(List.of(sparse, dense, any)).flatMap(
                b -> b.array(byte[].class).ofMinSize(0).ofMaxSize(FrameKind.PAYLOAD_MAX - 1)).list().ofMaxSize(20);
    }

    @Property(tries = 300)
    void decodesEverySealedFrameWhateverItsZeros(@ForAll("bodies") List<byte[]> bodies,
            @ForAll @IntRange(min = 1, max = 700) int chunk) throws Exception {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(0);
        for (byte[] b : bodies) {
            o.write(Frames.frame(FrameKind.GAP, b));
        }
        byte[] stream = o.toByteArray();
        List<byte[]> got = new ArrayList<>();
        FrameDecoder fd = FrameDecoder.create((kind, p, len, off) -> {
            assertThat(kind).isEqualTo(FrameKind.GAP);
            got.add(Arrays.copyOfRange(p, 1, len));
        });
        for (int i = 0; i < stream.length; i += chunk) {
            fd.push(stream, i, Math.min(chunk, stream.length - i));
        }
        fd.finish();
        assertThat(fd.corrupt()).isZero();
        assertThat(got).containsExactlyElementsOf(bodies);
    }
}
