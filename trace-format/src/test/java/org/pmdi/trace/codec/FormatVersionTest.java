package org.pmdi.trace.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.trace.EventType;
import org.pmdi.trace.FormatVersion;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.file.MappedTraceReader;

/** Versions 0 and 1 are read and told apart; any other magic is refused by name (FORMAT.md §9). */
class FormatVersionTest {
    /** A version no one will ever assign. */
    private static final int NEVER = 0xFE;

    @Test
    void magicsOfTheKnownVersions() {
        assertThat(HeaderCodec.MAGIC_V0).containsExactly(0x89, 'P', 'M', 'D', 'T', '0', '\r', '\n');
        assertThat(HeaderCodec.MAGIC_V1).containsExactly(0x89, 'P', 'M', 'D', 'T', '1', '\r', '\n');
        assertThat(FormatVersion.ofMagic(HeaderCodec.MAGIC_V1, 0)).isEqualTo(1);
        assertThat(FormatVersion.ofMagic(FormatVersion.magic(NEVER), 0)).isEqualTo(254);
        assertThat(FormatVersion.ofMagic(new byte[] {'n', 'o', 't', ' ', 'p', 'm', 'd', 'i'}, 0)).isEqualTo(-1);
        assertThat(FormatVersion.isKnownMagic(HeaderCodec.MAGIC_V0, 0)).isTrue();
        assertThat(FormatVersion.isKnownMagic(FormatVersion.magic(2), 0)).isFalse();
        assertThat(FormatVersion.ofMagicByte((byte) 1)).as("a raw 1 is not the digit '1'").isEqualTo(-1);
        assertThat(FormatVersion.ofMagicByte((byte) 10)).isEqualTo(10);
        assertThatThrownBy(() -> FormatVersion.magic('1')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writersWriteVersionOneAndTheVersionRoundTrips() throws TraceFormatException {
        byte[] blob = HeaderCodec.encode(TestStreams.HEADER);
        assertThat(java.util.Arrays.copyOf(blob, 8)).isEqualTo(HeaderCodec.MAGIC_V1);
        assertThat(HeaderCodec.parse(blob).formatVersion()).isEqualTo(1);
        SessionHeader v0 = SessionHeader.builder().session(5, 0, 0, 0, 0).formatVersion(FormatVersion.V0).build();
        byte[] old = HeaderCodec.encode(v0);
        assertThat(java.util.Arrays.copyOf(old, 8)).isEqualTo(HeaderCodec.MAGIC_V0);
        assertThat(HeaderCodec.parse(old)).isEqualTo(v0);
        assertThat(Frames.trailer(0, 0)).as("a trailer carries the current magic")
                .isEqualTo(Frames.frame(FrameKind.TRAILER, trailerBody(HeaderCodec.MAGIC_V1)));
    }

    private static byte[] trailerBody(byte[] magic) {
        byte[] b = new byte[20];
        System.arraycopy(magic, 0, b, 12, 8);
        return b;
    }

    @Test
    void parseRefusesAnUnknownVersionNamingIt() {
        byte[] blob = HeaderCodec.encode(TestStreams.HEADER);
        blob[FormatVersion.VERSION_BYTE] = (byte) NEVER;
        assertThatThrownBy(() -> HeaderCodec.parse(blob)).isInstanceOf(TraceFormatException.class)
                .hasMessage("header: trace format version 254 is not known to this decoder (it reads 0 and 1)");
        assertThatThrownBy(() -> SessionHeader.builder().formatVersion(NEVER))
                .hasMessageContaining("version 254 is not known");
    }

    @Test
    void streamDecoderCountsTheRefusalReportsItAndDecodesOn() throws IOException {
        List<String> messages = new ArrayList<>();
        int[] events = {0};
        StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                events[0]++;
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            }

            @Override
            public void onBadHeader(String message) {
                messages.add(message);
            }
        });
        byte[] b = streamWithMagicVersion(NEVER);
        d.push(b, 0, b.length);
        d.finish();
        assertThat(messages).containsExactly(
                "header: trace format version 254 is not known to this decoder (it reads 0 and 1)");
        assertThat(events[0]).as("records are still decoded and counted").isEqualTo(1);
        DecodeStats s = d.stats();
        assertThat(s.badHeaders()).isEqualTo(1);
        assertThat(s.unknownVersionHeaders()).isEqualTo(1);
        assertThat(s.unknownVersion()).isEqualTo(254);
        assertThat(s.headers()).isZero();
        assertThat(s.onlyUnknownVersions()).isTrue();
        assertThat(s.refusal()).isEqualTo("trace format version 254 is not known to this decoder (it reads 0 and 1)");
    }

    @Test
    void aBadTlvIsABadHeaderButNotAnUnknownVersion() throws IOException {
        byte[] blob = HeaderCodec.encode(TestStreams.HEADER);
        blob[blob.length - 2] = (byte) HeaderCodec.TAG_SESSION; // instead of END: its length runs past the end
        blob[blob.length - 1] = 100;
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(i -> { }));
        byte[] b = stream(blob);
        d.push(b, 0, b.length);
        d.finish();
        assertThat(d.stats().badHeaders()).isEqualTo(1);
        assertThat(d.stats().unknownVersionHeaders()).isZero();
        assertThat(d.stats().refusal()).isNull();
    }

    @Test
    void aKnownHeaderAfterAnUnknownOneIsNotOnlyUnknown() throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(streamWithMagicVersion(NEVER));
        o.writeBytes(streamWithMagicVersion(FormatVersion.V0));
        StreamDecoder d = StreamDecoder.create(TraceItems.visitor(i -> { }));
        d.push(o.toByteArray(), 0, o.size());
        d.finish();
        assertThat(d.stats().headers()).isEqualTo(1);
        assertThat(d.header().formatVersion()).isZero();
        assertThat(d.stats().onlyUnknownVersions()).isFalse();
    }

    @Test
    void fileReaderRefusesAFileOfOnlyUnknownVersions(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("future.pmdt");
        Files.write(f, streamWithMagicVersion(NEVER));
        assertThatThrownBy(() -> MappedTraceReader.open(f)).isInstanceOf(IOException.class)
                .hasMessage("trace format version 254 is not known to this decoder (it reads 0 and 1)");
        Path ok = dir.resolve("v0.pmdt");
        Files.write(ok, streamWithMagicVersion(FormatVersion.V0));
        try (MappedTraceReader r = MappedTraceReader.open(ok)) {
            assertThat(r.header().formatVersion()).isZero();
        }
    }

    /** A stream: a header whose magic names {@code version}, then one HEARTBEAT. */
    static byte[] streamWithMagicVersion(int version) throws IOException {
        byte[] blob = HeaderCodec.encode(TestStreams.HEADER);
        blob[FormatVersion.VERSION_BYTE] = FormatVersion.magic(version)[FormatVersion.VERSION_BYTE];
        return stream(blob);
    }

    private static byte[] stream(byte[] headerBlob) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        for (byte[] f : Frames.headerFrames(77, headerBlob)) {
            o.write(f);
        }
        TraceEncoder enc = TraceEncoder.create(o);
        enc.event(0, EventType.HEARTBEAT.id(), 5, 0, 1);
        enc.flush();
        return o.toByteArray();
    }
}
