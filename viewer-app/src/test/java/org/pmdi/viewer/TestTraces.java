package org.pmdi.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pmdi.viewer.bench.SyntheticTrace;

/**
 * The synthetic traces the tests open, written by {@link SyntheticTrace} once per test JVM
 * (the real board traces are in samples/).
 */
public final class TestTraces {
    private TestTraces() {
    }

    private static final Path DIR = Path.of("target", "test-traces");

    /** Two disks (vdb throttled), a NIC and an RNG; one request stuck in vdb's driver, one whose doorbell Linux never saw. */
    public static Path slowDisk() {
        return SlowDisk.PATH;
    }

    /** No findings. */
    public static Path healthy() {
        return Healthy.PATH;
    }

    // Written once per test JVM (at the holder's initialization), never taken from an earlier
    // build: a file left by older code (its index, its events) would test that code.
    private static final class SlowDisk {
        static final Path PATH = make("slow-disk.pmdt", SyntheticTrace.Spec.small());
    }

    private static final class Healthy {
        static final Path PATH = make("healthy.pmdt", SyntheticTrace.Spec.healthy());
    }

    private static Path make(String name, SyntheticTrace.Spec spec) {
        Path p = DIR.resolve(name);
        try {
            Files.createDirectories(DIR);
            Path tmp = DIR.resolve(name + ".tmp");
            SyntheticTrace.write(tmp, spec);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Where the tests save their PNG snapshots (viewer-app/target/snapshots). */
    public static Path snapshots() {
        return Path.of(System.getProperty("pmdi.snapshots", "target/snapshots"));
    }
}
