package org.pmdi.viewer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening what is not a trace says why (the status bar shows it), instead of an empty timeline. */
class OpenedTraceTest {
    @TempDir
    Path dir;

    @Test
    void randomBytesAreRefusedNamingTheFile() throws IOException {
        Path junk = dir.resolve("random.bin");
        byte[] b = new byte[5000];
        new Random(3).nextBytes(b);
        Files.write(junk, b);
        assertThatThrownBy(() -> OpenedTrace.open(junk)).isInstanceOf(IOException.class)
                .hasMessageContaining("random.bin: not a pmdi trace: none of its 5000 bytes forms a valid frame");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pmdt"));
        assertThatThrownBy(() -> OpenedTrace.open(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining("empty.pmdt: the file is empty");
    }

    @Test
    void aRealSampleOpens() throws IOException {
        try (OpenedTrace t = OpenedTrace.open(Path.of("../samples/healthy.pmdt"))) {
            assertThat(t.totalEvents()).isGreaterThan(100_000);
        }
    }
}
