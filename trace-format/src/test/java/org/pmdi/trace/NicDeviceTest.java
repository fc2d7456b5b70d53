package org.pmdi.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pmdi.trace.codec.HeaderCodec;
import org.pmdi.trace.codec.TraceFormatException;

/** The DEVICE TLV's net tail (v1): max_len u32 then mac[6] after the driver name. */
class NicDeviceTest {
    private static final Device ETH = Device.of(2, DeviceClass.NET.code(), 0, 0, 0, "eth1", "virtio_net");
    private static final Device VDA = Device.of(0, DeviceClass.BLOCK.code(), 0, 512, 1 << 20, "vda", "virtio_blk");

    private static SessionHeader header(Device... devices) {
        SessionHeaderBuilder b = SessionHeader.builder().session(9, 0, 0, 0, 0).clock(1_000_000, 1_000_000);
        for (Device d : devices) {
            b.device(d);
        }
        return b.build();
    }

    @Test
    void netTailRoundTrips() throws TraceFormatException {
        Device eth = ETH.withNic(Device.Nic.of(0x525400504d41L, 1514));
        SessionHeader back = HeaderCodec.parse(HeaderCodec.encode(header(VDA, eth)));
        assertThat(back.device(2).nic()).isEqualTo(Device.Nic.of(0x525400504d41L, 1514));
        assertThat(back.device(2).nic().macString()).isEqualTo("52:54:00:50:4d:41");
        assertThat(back.device(0).nic()).isNull();
    }

    @Test
    void tailBytesAreInTheSpecOrder() {
        byte[] blob = HeaderCodec.encode(header(ETH.withNic(Device.Nic.of(0x0a0b0c0d0e0fL, 0x05ea))));
        byte[] tail = {(byte) 0xea, 0x05, 0, 0, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
        byte[] name = "virtio_net".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(blob, name) + name.length;
        assertThat(Arrays.copyOfRange(blob, at, at + tail.length)).isEqualTo(tail);
    }

    @Test
    void netDeviceWithoutTailHasNoNic() throws TraceFormatException {
        assertThat(HeaderCodec.parse(HeaderCodec.encode(header(ETH))).device(2).nic()).isNull();
    }

    @Test
    void shortTailIsIgnored() throws TraceFormatException {
        byte[] blob = HeaderCodec.encode(header(ETH.withNic(Device.Nic.of(1, 1514))));
        // cut the tail to 9 bytes: the TLV's length byte and the blob shrink by one
        byte[] name = "virtio_net".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int tailEnd = indexOf(blob, name) + name.length + 10;
        byte[] cut = new byte[blob.length - 1];
        System.arraycopy(blob, 0, cut, 0, tailEnd - 1);
        System.arraycopy(blob, tailEnd, cut, tailEnd - 1, blob.length - tailEnd);
        int tlvLen = indexOf(cut, new byte[] {4}) + 1; // first DEVICE tag: no earlier byte is 4 here
        cut[tlvLen]--;
        SessionHeader h = HeaderCodec.parse(cut);
        assertThat(h.device(2).name()).isEqualTo("eth1");
        assertThat(h.device(2).nic()).isNull();
    }

    @Test
    void blockDeviceExtraBytesAreNotANic() throws TraceFormatException {
        // a block DEVICE with 10 extra bytes: ignored as §6 says, not read as MAC and length
        byte[] blob = HeaderCodec.encode(header(VDA.withNic(Device.Nic.of(1, 2))));
        assertThat(HeaderCodec.parse(blob).device(0).nic()).isNull();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
