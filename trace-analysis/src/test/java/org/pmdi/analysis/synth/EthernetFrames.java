package org.pmdi.analysis.synth;

import java.nio.ByteBuffer;

/**
 * Real Ethernet II / IPv4 / UDP frames for synthetic net traces, so that a pcap export can be
 * checked field by field with a dissector.
 *
 * <pre>{@code
 * byte[] f = EthernetFrames.udp(0x525400504d41L, 0x525400123502L, 0x0a00020f, 0x0a000202, 7, 40000, 64);
 * }</pre>
 */
public final class EthernetFrames {
    private EthernetFrames() {
    }

    /** A frame of 14 + 20 + 8 + {@code payload} bytes; payload byte i is {@code i}. */
    public static byte[] udp(long srcMac, long dstMac, int srcIp, int dstIp, int srcPort, int dstPort, int payload) {
        int ipLen = 20 + 8 + payload;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLen);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        b.putShort(ip + 10, checksum(b.array(), ip, 20));
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload)).putShort((short) 0);
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int shift = 40; shift >= 0; shift -= 8) {
            b.put((byte) (mac >>> shift));
        }
    }

    private static short checksum(byte[] a, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += (a[off + i] & 0xff) << 8 | a[off + i + 1] & 0xff;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (short) ~sum;
    }
}
