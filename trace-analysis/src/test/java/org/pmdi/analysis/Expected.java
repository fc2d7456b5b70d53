package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Diff-test helper: compares text with a committed expected file under
 * {@code src/test/resources/expected/}; run with {@code -Dpmdi.update=true} to (re)write the
 * expected files instead (then review the diff and commit).
 */
final class Expected {
    static final Path DIR = Path.of("src/test/resources/expected");

    private Expected() {
    }

    static void matches(String name, String actual) throws IOException {
        Path f = DIR.resolve(name);
        if (Boolean.getBoolean("pmdi.update") || !Files.exists(f) && Boolean.getBoolean("pmdi.create")) {
            Files.createDirectories(DIR);
            Files.writeString(f, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(f).as("expected file %s (create it with -Dpmdi.update=true)", f).exists();
        assertThat(actual).as("diff against %s", f).isEqualTo(Files.readString(f, StandardCharsets.UTF_8));
    }
}
