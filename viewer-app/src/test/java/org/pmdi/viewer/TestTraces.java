package org.pmdi.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pmdi.viewer.bench.SyntheticTrace;

/**
 * The traces the tests open. Real board traces do not exist yet, so these are written by
 * {@link SyntheticTrace}; when samples/ has them, point {@link #slowDisk()} at the sample
 * (one line) and keep the expectations (vdb slow, the stuck requests and their diagnoses).
 */
public final class TestTraces {
    private TestTraces() {
    }

    private static final Path DIR = Path.of("target", "test-traces");

    /** Two disks (vdb throttled), a NIC and an RNG; one request stuck in vdb's driver, one whose doorbell Linux never saw. */
    public static synchronized Path slowDisk() {
        return make("slow-disk.pmdt", SyntheticTrace.Spec.small());
    }

    /** No findings. */
    public static synchronized Path healthy() {
        return make("healthy.pmdt", SyntheticTrace.Spec.healthy());
    }

    private static Path make(String name, SyntheticTrace.Spec spec) {
        Path p = DIR.resolve(name);
        try {
            if (!Files.exists(p)) {
                Files.createDirectories(DIR);
                Path tmp = DIR.resolve(name + ".tmp");
                SyntheticTrace.write(tmp, spec);
                Files.move(tmp, p);
            }
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
