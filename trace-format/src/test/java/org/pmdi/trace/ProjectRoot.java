package org.pmdi.trace;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project root: system property {@code pmdi.root}, else walking up from the cwd. */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path get() {
        String p = System.getProperty("pmdi.root");
        if (p != null && !p.isBlank() && Files.isDirectory(Path.of(p, "trace-format"))) {
            return Path.of(p).toAbsolutePath();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("interface/include/pmdi"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the project root (set -Dpmdi.root)");
    }
}
