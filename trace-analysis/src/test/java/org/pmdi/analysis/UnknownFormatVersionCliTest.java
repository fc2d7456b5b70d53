package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.cli.ExitCodes;
import org.pmdi.trace.EventType;
import org.pmdi.trace.FormatVersion;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.Frames;
import org.pmdi.trace.codec.HeaderCodec;
import org.pmdi.trace.codec.TraceEncoder;

/** {@code report} and {@code export} refuse a trace of a format version they do not read, naming it. */
class UnknownFormatVersionCliTest {
    private static final String REFUSAL = "trace format version 254 is not known to this decoder (it reads 0 and 1)";

    @TempDir
    Path tmp;

    /** A header whose magic names {@code version} (its byte 5 as given), then a heartbeat. */
    private Path trace(String name, byte versionByte) throws IOException {
        SessionHeader h = SessionHeader.builder().session(9, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
                .source(Source.of(0, 0, 1, 1, 4096)).build();
        byte[] blob = HeaderCodec.encode(h);
        blob[FormatVersion.VERSION_BYTE] = versionByte;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        for (byte[] f : Frames.headerFrames(h.sessionId(), blob)) {
            o.write(f);
        }
        TraceEncoder enc = TraceEncoder.create(o);
        enc.event(0, EventType.HEARTBEAT.id(), 5, 0, 1);
        enc.flush();
        Path p = tmp.resolve(name);
        Files.write(p, o.toByteArray());
        return p;
    }

    @Test
    void reportRefusesVersion254NamingIt() throws IOException {
        ReportCliTest.Run r = ReportCliTest.run("report", trace("future.pmdt", (byte) 0xFE).toString());
        assertThat(r.code()).isNotZero().isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains(REFUSAL);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void exportRefusesItToo() throws IOException {
        ReportCliTest.Run r = ReportCliTest.run("export", trace("future.pmdt", (byte) 0xFE).toString(), "--csv",
                tmp.resolve("out.csv").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(REFUSAL);
    }

    @Test
    void bothKnownVersionsAreReported() throws IOException {
        for (byte v : new byte[] {'0', '1'}) {
            ReportCliTest.Run r = ReportCliTest.run("report", trace("v" + (char) v + ".pmdt", v).toString());
            assertThat(r.code()).as("version %c", v).isEqualTo(ExitCodes.OK);
            assertThat(r.err()).doesNotContain("not known");
        }
    }
}
