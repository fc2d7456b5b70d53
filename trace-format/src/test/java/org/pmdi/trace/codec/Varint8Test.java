package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link StreamDecoder#varint8}: the shift-packed decoding agrees with {@link Varint#read}. */
class Varint8Test {

    @Property(tries = 2000)
    void agreesWithTheByteLoop(@ForAll @LongRange(min = 0, max = (1L << 56) - 1) long v,
            @ForAll @IntRange(min = 0, max = 255) int noise) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) noise); // bytes after the varint must not leak in
        int n = Varint.put(b, 0, v);
        assertThat(n).isBetween(1, 8);
        long w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(StreamDecoder.varint8(w, n)).isEqualTo(Varint.read(b, 0, b.length)).isEqualTo(v);
    }

    @Test
    void eightBytesHoldFiftySixBits() {
        byte[] b = new byte[16];
        long v = (1L << 56) - 1;
        assertThat(Varint.put(b, 0, v)).isEqualTo(8);
        long w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(StreamDecoder.varint8(w, 8)).isEqualTo(v);
        assertThat(Varint.put(b, 0, v + 1)).isEqualTo(9); // longer ones take the byte loop
    }
}
