package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.viewer.live.AttachSpec;

/** The headless live watch on a real board trace, read as a growing file. */
class LiveWatchTest {
    @TempDir
    Path tmp;

    private static Path sample(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("pmdi"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the project root").isNotNull();
        return dir.resolve("samples").resolve(name + ".pmdt");
    }

    @Test
    void theReadHeldInQemuIsPrintedOnceAsStuckInTheDriverAndTheRecordingKeepsEverything() throws Exception {
        Path rec = tmp.resolve("rec.pmdt");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = LiveWatch.watch(AttachSpec.parse("debugfs:" + sample("stuck-driver")), rec, 3_000_000_000L,
                10_000_000_000L, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(out.lines().filter(l -> l.matches(".* s wall +[0-9.]+ s +STUCK +vdb request \\d+: inside the driver.*")))
                .as(out).hasSize(1);
        assertThat(out).doesNotContain("RECOVERED");
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow()).startsWith("watch ended after 3 s:")
                .contains("lost 0, corrupt 0");
        assertThat(Files.size(rec)).isGreaterThanOrEqualTo(Files.size(sample("stuck-driver")));
    }

    @Test
    void aSilentInputEndsWithItsOwnStatusAfterTheWait() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.pmdt"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int rc = LiveWatch.watch(AttachSpec.parse("debugfs:" + empty), tmp.resolve("rec.pmdt"), 60_000_000_000L,
                1_000_000_000L, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(LiveWatch.NO_TRACE);
        assertThat(System.nanoTime() - t0).isLessThan(30_000_000_000L);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("no trace item within 1 s of attaching");
    }
}
