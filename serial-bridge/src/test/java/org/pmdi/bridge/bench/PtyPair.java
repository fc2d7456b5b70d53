package org.pmdi.bridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A socat pseudo-terminal pair for the benchmark: bytes written to {@link #writeEnd()} come
 * out of {@link #readEnd()}.
 *
 * <pre>{@code
 * try (PtyPair p = PtyPair.start(dir)) { ... }
 * }</pre>
 */
final class PtyPair implements AutoCloseable {
    private final Path writeEnd;
    private final Path readEnd;
    private final Process process;

    private PtyPair(Path writeEnd, Path readEnd, Process process) {
        this.writeEnd = writeEnd;
        this.readEnd = readEnd;
        this.process = process;
    }

    static PtyPair start(Path dir) throws IOException, InterruptedException {
        Path w = dir.resolve("bench-w");
        Path r = dir.resolve("bench-r");
        Process p = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + w, "pty,raw,echo=0,link=" + r)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(w) && Files.exists(r))) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException("socat did not start (is it installed?)");
            }
            Thread.sleep(5);
        }
        return new PtyPair(w, r, p);
    }

    Path writeEnd() {
        return writeEnd;
    }

    Path readEnd() {
        return readEnd;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
