package org.pmdi.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.codec.TraceItems;

/** NET_FRAME blobs (type 67): layout, the malformed cases, and the stream round trip. */
class NetFrameTest {

    private static byte[] blob(int dev, int dir, long len, int captured) {
        byte[] b = new byte[8 + captured];
        b[0] = (byte) dev;
        b[1] = (byte) dir;
        b[4] = (byte) len;
        b[5] = (byte) (len >>> 8);
        b[6] = (byte) (len >>> 16);
        b[7] = (byte) (len >>> 24);
        for (int i = 0; i < captured; i++) {
            b[8 + i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void readsTheSpecLayout() {
        NetFrame f = NetFrame.parse(blob(3, 1, 1514, 96));
        assertThat(f.dev()).isEqualTo(3);
        assertThat(f.dir()).isEqualTo(NetFrame.Direction.RX);
        assertThat(f.length()).isEqualTo(1514);
        assertThat(f.data()).hasSize(96).startsWith((byte) 1, (byte) 8, (byte) 15);
        assertThat(f.truncated()).isTrue();
        assertThat(NetFrame.parse(blob(0, 2, 60, 60)).dir()).isEqualTo(NetFrame.Direction.RX_DROPPED);
        assertThat(NetFrame.parse(blob(0, 0, 60, 60)).truncated()).isFalse();
    }

    @Test
    void eventTypeIsABlobOfTheFrameClass() {
        assertThat(EventType.byId(67)).isEqualTo(EventType.NET_FRAME);
        assertThat(EventType.NET_FRAME.isBlob()).isTrue();
        assertThat(EventType.NET_FRAME.hasReq()).isTrue();
        assertThat(EventType.NET_FRAME.eventClass().bit()).isEqualTo(1 << 6);
    }

    @Test
    void malformedBlobsAreRefused() {
        assertThat(NetFrame.isWellFormed(new byte[7], 0, 7)).as("shorter than the head").isFalse();
        assertThat(NetFrame.isWellFormed(blob(0, 0, 10, 11), 0, 19)).as("more bytes than the frame").isFalse();
        assertThat(NetFrame.isWellFormed(blob(0, 0, 1514, 185), 0, 193)).as("over snap 184").isFalse();
        assertThat(NetFrame.isWellFormed(blob(0, 3, 60, 10), 0, 18)).as("unknown direction").isFalse();
        assertThat(NetFrame.isWellFormed(blob(0, 0, 0, 0), 0, 8)).as("snap 0 of an empty frame").isTrue();
        assertThat(NetFrame.isWellFormed(blob(0, 0, 1514, 184), 0, 192)).isTrue();
        assertThatThrownBy(() -> NetFrame.parse(blob(0, 0, 10, 11))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NET_FRAME");
    }

    @Test
    void wellFormedLooksOnlyAtItsSlice() {
        byte[] b = blob(1, 0, 100, 20);
        byte[] padded = new byte[b.length + 10];
        System.arraycopy(b, 0, padded, 5, b.length);
        assertThat(NetFrame.isWellFormed(padded, 5, b.length)).isTrue();
        assertThat(NetFrame.isWellFormed(padded, 5, b.length - 1)).as("19 bytes captured is also legal").isTrue();
        assertThat(NetFrame.isWellFormed(padded, 5, padded.length)).as("past the array").isFalse();
    }

    @Property
    void toBlobAndParseAreInverse(@ForAll @IntRange(max = 255) int dev, @ForAll @IntRange(max = 2) int dir,
            @ForAll @IntRange(max = 9000) int len, @ForAll @IntRange(max = 184) int snap) {
        byte[] b = blob(dev, dir, len, Math.min(len, snap));
        NetFrame f = NetFrame.parse(b);
        assertThat(f.toBlob()).isEqualTo(b);
        assertThat(f.truncated()).isEqualTo(snap < len);
    }

    @Test
    void decodesFromAStreamFedOneByteAtATime() {
        SessionHeader h = SessionHeader.builder().session(5, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
                .source(Source.of(0, 1, 0, 0, 4096)).build();
        byte[] b = blob(2, 0, 342, 96);
        List<TraceEvent> in = List.of(TraceEvent.blob(0, 0, EventType.NET_FRAME.id(), 100, 17, b));
        byte[] stream = TraceEncoder.encode(h, in);
        List<TraceItem> got = new ArrayList<>();
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(got::add));
        for (int i = 0; i < stream.length; i++) {
            d.push(stream, i, 1);
        }
        List<TraceEvent> events = got.stream().filter(TraceEvent.class::isInstance).map(TraceEvent.class::cast).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).req()).isEqualTo(17);
        assertThat(NetFrame.parse(events.get(0).blob())).isEqualTo(NetFrame.parse(b));
    }
}
