package org.pmdi.bridge;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A socat pty pair for tests: bytes written to {@link #writeEnd()} come out of
 * {@link #readEnd()}, which the bridge opens with jSerialComm like a real port.
 *
 * <pre>{@code
 * try (SocatPair p = SocatPair.start(dir)) {
 *     Transport t = SerialTransport.of(p.readEnd(), 115200);
 *     try (OutputStream o = p.openWriter()) { o.write(bytes); }
 *     p.restart();                      // kill socat, start it again with the same link names
 * }
 * }</pre>
 */
public final class SocatPair implements AutoCloseable {
    private final Path writeEnd;
    private final Path readEnd;
    private Process process;

    private SocatPair(Path writeEnd, Path readEnd) {
        this.writeEnd = writeEnd;
        this.readEnd = readEnd;
    }

    /** Starts socat with links {@code dir/w} and {@code dir/r}. */
    public static SocatPair start(Path dir) throws IOException, InterruptedException {
        SocatPair p = new SocatPair(dir.resolve("w"), dir.resolve("r"));
        p.launch();
        return p;
    }

    public Path writeEnd() {
        return writeEnd;
    }

    public Path readEnd() {
        return readEnd;
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + writeEnd,
                "pty,raw,echo=0,link=" + readEnd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(writeEnd) && Files.exists(readEnd))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("socat did not create " + writeEnd + " and " + readEnd);
            }
            Thread.sleep(5);
        }
    }

    /** The writer end, raw. */
    public OutputStream openWriter() throws IOException {
        return new FileOutputStream(writeEnd.toFile());
    }

    /** Kills socat (SIGTERM: it removes its links) and waits for it. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Kills socat with SIGKILL: its links stay behind, dangling (a port that vanished mid-read). */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts socat again with the same link names. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
