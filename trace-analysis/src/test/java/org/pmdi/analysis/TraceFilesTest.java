package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.TraceVisitor;

class TraceFilesTest {
    @TempDir
    Path dir;

    /** A copy of the healthy sample (3 MB: many read chunks). */
    private Path sample() throws IOException {
        Path f = dir.resolve("healthy.pmdt");
        Files.copy(SampleTest.SAMPLES.resolve("healthy.pmdt"), f);
        return f;
    }

    @Test
    void decodesEveryEventOfAFile() throws IOException {
        Path f = sample();
        long[] n = {0};
        DecodeStats s = TraceFiles.decode(f, new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                n[0]++;
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                n[0]++;
            }
        });
        assertThat(n[0]).isEqualTo(s.events()).isGreaterThan(100_000);
        assertThat(s.corrupt()).isZero();
    }

    @Test
    void aFileCutShortWhileItIsReadIsAnIOExceptionNotACrash() throws IOException {
        cutShortWhileRead(false);
        Files.delete(dir.resolve("healthy.pmdt"));
        cutShortWhileRead(true);
    }

    private void cutShortWhileRead(boolean twoThreads) throws IOException {
        Path f = sample();
        boolean[] cut = {false};
        Runnable truncate = () -> {
            if (!cut[0]) {
                cut[0] = true;
                try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    c.truncate(0);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        a.addEventListener((source, linux, type, ns, req, args, nargs) -> truncate.run());
        assertThatThrownBy(() -> {
            if (twoThreads) {
                TraceFiles.decodeOnTwoThreads(f, a);
            } else {
                TraceFiles.decodeOnOneThread(f, a);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("shrank while it was read");
    }
}
