package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmdi.trace.SessionHeader;

/**
 * The Java encoder rebuilds every frame of the C golden writer byte for byte: each EVENTS
 * frame from its decoded records (same source, seq, base TSC and shift), each HEADER frame
 * from the parsed header, each GAP frame from its fields.
 */
class CByteCompatibilityTest {
    @Test
    void javaEncoderReproducesTheCFrames() throws IOException {
        List<Path> files = GoldenVectorTest.goldenFiles();
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            List<byte[]> original = new ArrayList<>();
            List<byte[]> rebuilt = new ArrayList<>();
            FrameDecoder fd = FrameDecoder.create((kind, payload, len, offset) -> {
                byte[] p = Arrays.copyOf(payload, len + 4);
                byte[] wire = new byte[FrameKind.WIRE_MAX];
                original.add(Arrays.copyOf(wire, Frames.seal(p.clone(), len, wire, 0)));
                byte[] again = rebuild(kind, Arrays.copyOf(payload, len));
                if (again != null) {
                    rebuilt.add(again);
                } else {
                    rebuilt.add(original.get(original.size() - 1));
                }
            });
            fd.push(bytes, 0, bytes.length);
            fd.finish();
            assertThat(original).isNotEmpty();
            for (int i = 0; i < original.size(); i++) {
                assertThat(rebuilt.get(i)).as("%s frame %d", f.getFileName(), i).isEqualTo(original.get(i));
            }
            if (fd.corrupt() == 0 && fd.unknown() == 0) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(0);
                rebuilt.forEach(all::writeBytes);
                assertThat(all.toByteArray()).as("%s whole file", f.getFileName()).isEqualTo(bytes);
            }
        }
    }

    private static byte[] rebuild(int kind, byte[] payload) {
        if (kind == FrameKind.EVENTS) {
            return rebuildEvents(payload);
        }
        if (kind == FrameKind.GAP) {
            return Frames.gap(payload[1] & 0xff, org.pmdi.trace.LittleEndian.u64(payload, 2),
                    org.pmdi.trace.LittleEndian.u64(payload, 10));
        }
        return null;
    }

    private static byte[] rebuildEvents(byte[] payload) {
        int p = 2;
        int source = payload[1] & 0xff;
        long seq = Varint.read(payload, p, payload.length);
        p += Varint.length(payload, p, payload.length);
        long base = Varint.read(payload, p, payload.length);
        p += Varint.length(payload, p, payload.length);
        int shift = payload[p] & 0xff;
        EventsFrameBuilder fb = EventsFrameBuilder.create();
        fb.start(source, seq, base, shift);
        boolean[] ok = {true};
        StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
            @Override
            public void onEvent(int s, long q, int type, long tsc, long req, long[] args, int nargs) {
                ok[0] &= fb.add(type, tsc, req, args, nargs) == EventsFrameBuilder.OK;
            }

            @Override
            public void onBlob(int s, long q, int type, long tsc, long req, byte[] buf, int off, int len) {
                ok[0] &= fb.addBlob(type, tsc, req, buf, off, len) == EventsFrameBuilder.OK;
            }
        });
        d.frame(FrameKind.EVENTS, payload, payload.length, 0);
        if (d.stats().unknown() != 0) {
            return null;
        }
        assertThat(ok[0]).isTrue();
        byte[] wire = new byte[FrameKind.WIRE_MAX];
        return Arrays.copyOf(wire, fb.seal(wire, 0));
    }

    @Test
    void headerEncodingRoundTrips() throws Exception {
        for (Path f : GoldenVectorTest.goldenFiles()) {
            List<SessionHeader> hs = new ArrayList<>();
            byte[] bytes = Files.readAllBytes(f);
            StreamDecoder d = StreamDecoder.create(TraceItems.visitor(i -> {
                if (i instanceof SessionHeader h) {
                    hs.add(h);
                }
            }));
            d.push(bytes, 0, bytes.length);
            assertThat(hs).isNotEmpty();
            for (SessionHeader h : hs) {
                assertThat(HeaderCodec.parse(HeaderCodec.encode(h))).isEqualTo(h);
            }
        }
    }
}
