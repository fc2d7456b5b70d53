package org.pmdi.trace.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.pmdi.trace.BuildId;
import org.pmdi.trace.Device;
import org.pmdi.trace.DeviceClass;
import org.pmdi.trace.FormatVersion;
import org.pmdi.trace.HeaderText;
import org.pmdi.trace.Layout;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.SessionHeaderBuilder;
import org.pmdi.trace.Source;

/**
 * The session header blob: magic then TLVs (FORMAT.md §6), both ways; encoding matches
 * {@code pmdi_hdr_begin/put/put_device/end}.
 *
 * <pre>{@code
 * byte[] blob = HeaderCodec.encode(header);
 * SessionHeader h = HeaderCodec.parse(blob);   // throws TraceFormatException on bad input
 * }</pre>
 *
 * Unknown tags are skipped, extra bytes at the end of a known TLV ignored. A blob without
 * an END TLV is accepted. Versions 0 and 1 are read; a magic of any other version is refused
 * with a message naming it ({@link FormatVersion#unknownMessage}).
 */
public final class HeaderCodec {
    /** "\x89PMDT0\r\n" (released). */
    public static final byte[] MAGIC_V0 = FormatVersion.magic(FormatVersion.V0);
    /** "\x89PMDT1\r\n" (what writers write). */
    public static final byte[] MAGIC_V1 = FormatVersion.magic(FormatVersion.V1);
    public static final int TAG_END = 0;
    public static final int TAG_SESSION = 1;
    public static final int TAG_CLOCK = 2;
    public static final int TAG_SOURCE = 3;
    public static final int TAG_DEVICE = 4;
    public static final int TAG_BUILD_ID = 5;
    public static final int TAG_TEXT = 6;

    private HeaderCodec() {
    }

    /** Parses a whole header blob (not null). */
    public static SessionHeader parse(byte[] blob) throws TraceFormatException {
        if (blob == null) {
            throw new IllegalArgumentException("blob must not be null");
        }
        SessionHeaderBuilder b = SessionHeader.builder().formatVersion(checkMagic(blob));
        int p = FormatVersion.MAGIC_LEN;
        try {
            while (p < blob.length) {
                int tag = blob[p++] & 0xff;
                int ll = Varint.length(blob, p, blob.length);
                if (ll <= 0) {
                    throw new TraceFormatException("header TLV " + tag + ": bad length at byte " + p);
                }
                long len = Varint.read(blob, p, blob.length);
                p += ll;
                if (len < 0 || len > blob.length - p) {
                    throw new TraceFormatException("header TLV " + tag + ": length " + len + " past the end");
                }
                int v = p;
                int n = (int) len;
                p += n;
                if (tag == TAG_END) {
                    break;
                }
                parseTlv(b, tag, blob, v, n);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException("header: " + e.getMessage());
        }
    }

    /**
     * The version named by the magic a header blob starts with: 0..255, or -1 when the blob
     * does not start with a pmdi magic. Says nothing of whether this decoder reads it.
     */
    public static int magicVersion(byte[] blob) {
        return FormatVersion.ofMagic(blob, 0);
    }

    /** The blob's (known) version, else the refusal. */
    private static int checkMagic(byte[] blob) throws TraceFormatException {
        if (blob.length < FormatVersion.MAGIC_LEN) {
            throw new TraceFormatException("header: too short for the magic (" + blob.length + " bytes)");
        }
        int v = magicVersion(blob);
        if (v < 0) {
            throw new TraceFormatException("header: not a pmdi trace header (bad magic)");
        }
        if (!FormatVersion.isKnownMagic(blob, 0)) {
            throw new TraceFormatException("header: " + FormatVersion.unknownMessage(v));
        }
        return v;
    }

    private static void need(int tag, int n, int want) throws TraceFormatException {
        if (n < want) {
            throw new TraceFormatException("header TLV " + tag + ": " + n + " bytes, needs " + want);
        }
    }

    private static void parseTlv(SessionHeaderBuilder b, int tag, byte[] x, int v, int n)
            throws TraceFormatException {
        switch (tag) {
            case TAG_SESSION -> {
                need(tag, n, Layout.HDR_SESSION_SIZE);
                b.session(LittleEndian.u32(x, v + Layout.HDR_SESSION_ID),
                        LittleEndian.u32(x, v + Layout.HDR_SESSION_FLAGS),
                        LittleEndian.u64(x, v + Layout.HDR_SESSION_START_TSC),
                        LittleEndian.u64(x, v + Layout.HDR_SESSION_START_MONO_NS),
                        LittleEndian.u64(x, v + Layout.HDR_SESSION_START_REAL_NS));
            }
            case TAG_CLOCK -> {
                need(tag, n, Layout.HDR_CLOCK_SIZE);
                b.clock(LittleEndian.u32(x, v + Layout.HDR_CLOCK_TSC_KHZ_LINUX),
                        LittleEndian.u32(x, v + Layout.HDR_CLOCK_TSC_KHZ_AP));
            }
            case TAG_SOURCE -> {
                need(tag, n, Layout.HDR_SOURCE_SIZE);
                b.source(Source.of(LittleEndian.u8(x, v + Layout.HDR_SOURCE_SOURCE),
                        LittleEndian.u8(x, v + Layout.HDR_SOURCE_SIDE), LittleEndian.u16(x, v + Layout.HDR_SOURCE_CPU),
                        LittleEndian.u32(x, v + Layout.HDR_SOURCE_APIC_ID),
                        LittleEndian.u32(x, v + Layout.HDR_SOURCE_RING_SLOTS)));
            }
            case TAG_DEVICE -> {
                need(tag, n, Layout.HDR_DEVICE_SIZE + 2);
                int q = v + Layout.HDR_DEVICE_SIZE;
                int end = v + n;
                int nl = x[q++] & 0xff;
                need(tag, end - q, nl + 1);
                String name = new String(x, q, nl, StandardCharsets.UTF_8);
                q += nl;
                int dl = x[q++] & 0xff;
                need(tag, end - q, dl);
                String driver = new String(x, q, dl, StandardCharsets.UTF_8);
                q += dl;
                Device d = Device.of(LittleEndian.u8(x, v + Layout.HDR_DEVICE_ID),
                        LittleEndian.u8(x, v + Layout.HDR_DEVICE_CLASS), LittleEndian.u16(x, v + Layout.HDR_DEVICE_FLAGS),
                        LittleEndian.u32(x, v + Layout.HDR_DEVICE_BLOCK_SIZE),
                        LittleEndian.u64(x, v + Layout.HDR_DEVICE_CAPACITY), name, driver);
                if (d.deviceClass() == DeviceClass.NET.code() && end - q >= Layout.HDR_DEVICE_NET_SIZE) {
                    d = d.withNic(Device.Nic.of(mac(x, q + Layout.HDR_DEVICE_NET_MAC),
                            LittleEndian.u32(x, q + Layout.HDR_DEVICE_NET_MAX_LEN)));
                }
                b.device(d);
            }
            case TAG_BUILD_ID -> {
                need(tag, n, 2);
                int len = x[v + 1] & 0xff;
                need(tag, n - 2, len);
                b.buildId(BuildId.of(x[v] & 0xff, java.util.Arrays.copyOfRange(x, v + 2, v + 2 + len)));
            }
            case TAG_TEXT -> {
                need(tag, n, 1);
                b.text(HeaderText.of(x[v] & 0xff, new String(x, v + 1, n - 1, StandardCharsets.UTF_8)));
            }
            default -> {
                // unknown tag: skipped, its length is known
            }
        }
    }

    /** Six bytes at {@code x[p]} as a 48-bit MAC, first octet highest. */
    private static long mac(byte[] x, int p) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = m << 8 | (x[p + i] & 0xff);
        }
        return m;
    }

    /**
     * Encodes {@code h} (not null) as a header blob: the magic of its format version, SESSION,
     * CLOCK, SOURCEs, DEVICEs, BUILD_IDs, TEXTs, END.
     */
    public static byte[] encode(SessionHeader h) {
        if (h == null) {
            throw new IllegalArgumentException("h must not be null");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(FormatVersion.magic(h.formatVersion()));
        byte[] s = new byte[Layout.HDR_SESSION_SIZE];
        LittleEndian.put32(s, Layout.HDR_SESSION_ID, (int) h.sessionId());
        LittleEndian.put32(s, Layout.HDR_SESSION_FLAGS, (int) h.flags());
        LittleEndian.put64(s, Layout.HDR_SESSION_START_TSC, h.startTsc());
        LittleEndian.put64(s, Layout.HDR_SESSION_START_MONO_NS, h.startMonoNs());
        LittleEndian.put64(s, Layout.HDR_SESSION_START_REAL_NS, h.startRealNs());
        tlv(o, TAG_SESSION, s);
        byte[] c = new byte[Layout.HDR_CLOCK_SIZE];
        LittleEndian.put32(c, Layout.HDR_CLOCK_TSC_KHZ_LINUX, (int) h.tscKhzLinux());
        LittleEndian.put32(c, Layout.HDR_CLOCK_TSC_KHZ_AP, (int) h.tscKhzAp());
        tlv(o, TAG_CLOCK, c);
        for (Source src : h.sources()) {
            byte[] v = new byte[Layout.HDR_SOURCE_SIZE];
            v[Layout.HDR_SOURCE_SOURCE] = (byte) src.source();
            v[Layout.HDR_SOURCE_SIDE] = (byte) src.side();
            LittleEndian.put16(v, Layout.HDR_SOURCE_CPU, src.cpu());
            LittleEndian.put32(v, Layout.HDR_SOURCE_APIC_ID, (int) src.apicId());
            LittleEndian.put32(v, Layout.HDR_SOURCE_RING_SLOTS, (int) src.ringSlots());
            tlv(o, TAG_SOURCE, v);
        }
        for (Device d : h.devices()) {
            byte[] name = truncate(d.name().getBytes(StandardCharsets.UTF_8));
            byte[] drv = truncate(d.driver().getBytes(StandardCharsets.UTF_8));
            int tail = d.nic() != null ? Layout.HDR_DEVICE_NET_SIZE : 0;
            byte[] v = new byte[Layout.HDR_DEVICE_SIZE + 2 + name.length + drv.length + tail];
            v[Layout.HDR_DEVICE_ID] = (byte) d.id();
            v[Layout.HDR_DEVICE_CLASS] = (byte) d.deviceClass();
            LittleEndian.put16(v, Layout.HDR_DEVICE_FLAGS, d.flags());
            LittleEndian.put32(v, Layout.HDR_DEVICE_BLOCK_SIZE, (int) d.blockSize());
            LittleEndian.put64(v, Layout.HDR_DEVICE_CAPACITY, d.capacity());
            int q = Layout.HDR_DEVICE_SIZE;
            v[q++] = (byte) name.length;
            System.arraycopy(name, 0, v, q, name.length);
            q += name.length;
            v[q++] = (byte) drv.length;
            System.arraycopy(drv, 0, v, q, drv.length);
            q += drv.length;
            if (d.nic() != null) {
                LittleEndian.put32(v, q + Layout.HDR_DEVICE_NET_MAX_LEN, (int) d.nic().maxLen());
                for (int i = 0; i < 6; i++) {
                    v[q + Layout.HDR_DEVICE_NET_MAC + i] = (byte) (d.nic().mac() >>> (40 - 8 * i));
                }
            }
            tlv(o, TAG_DEVICE, v);
        }
        for (BuildId id : h.buildIds()) {
            byte[] bytes = id.bytes();
            byte[] v = new byte[2 + bytes.length];
            v[0] = (byte) id.which();
            v[1] = (byte) bytes.length;
            System.arraycopy(bytes, 0, v, 2, bytes.length);
            tlv(o, TAG_BUILD_ID, v);
        }
        for (HeaderText t : h.texts()) {
            byte[] txt = t.text().getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[1 + txt.length];
            v[0] = (byte) t.key();
            System.arraycopy(txt, 0, v, 1, txt.length);
            tlv(o, TAG_TEXT, v);
        }
        tlv(o, TAG_END, new byte[0]);
        return o.toByteArray();
    }

    private static byte[] truncate(byte[] b) {
        return b.length > 255 ? java.util.Arrays.copyOf(b, 255) : b;
    }

    private static void tlv(ByteArrayOutputStream o, int tag, byte[] v) {
        byte[] len = new byte[Varint.MAX_BYTES];
        o.write(tag);
        o.write(len, 0, Varint.put(len, 0, v.length));
        o.writeBytes(v);
    }
}
