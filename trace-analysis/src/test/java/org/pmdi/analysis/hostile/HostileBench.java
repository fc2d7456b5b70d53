package org.pmdi.analysis.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./pmdi bench fuzz}'s Java part: {@link HostileCheck} over many seeds, 400 records
 * each. Prints the seeds run, the records analysed and the exceptions (each with its seed,
 * to replay with {@code HostileTraces.write}); exits 1 if there was one.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.analysis.hostile.HostileBench --seeds 1000
 * }</pre>
 */
public final class HostileBench {
    private HostileBench() {
    }

    public static void main(String[] args) throws IOException {
        long seeds = args.length == 2 && args[0].equals("--seeds") ? Long.parseLong(args[1]) : 1000;
        long records = 0;
        long failed = 0;
        long t0 = System.nanoTime();
        for (long seed = 1; seed <= seeds; seed++) {
            Path dir = Files.createTempDirectory("pmdi-hostile-bench");
            try {
                records += HostileCheck.run(dir, seed, 400);
            } catch (Exception | AssertionError e) {
                failed++;
                if (failed <= 5) {
                    System.out.println("seed " + seed + ": " + e);
                }
            } finally {
                delete(dir);
            }
        }
        System.out.printf(Locale.ROOT, "hostile_seeds=%d records=%d exceptions=%d seconds=%.1f%n", seeds, records,
                failed, (System.nanoTime() - t0) / 1e9);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Removes {@code dir} and all below it; nothing when it is null. */
    static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
