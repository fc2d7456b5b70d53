package org.pmdi.analysis.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.diff.DiffConfig;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.TraceDiff;

/**
 * {@code pmdi diff} of two large traces: events of both per second of one thread's CPU time
 * (both traces streamed once, then the bootstrap), and the peak heap of one comparison.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.analysis.bench.AnalysisBench --diff NEW.pmdt --file BASE.pmdt
 * java -Xmx64m -cp ... org.pmdi.analysis.bench.AnalysisBench --diff NEW.pmdt --file BASE.pmdt --heap-only
 * }</pre>
 */
final class DiffBench {
    private DiffBench() {
    }

    static void run(Path base, Path neu) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warmup = 1;
        int iterations = 3;
        // wall-clock time: as `report` does, each trace's decoding and clock mapping run on a
        // second thread; the first thread's CPU time is given beside it
        double[] cpu = new double[iterations];
        double[] wall = new double[iterations];
        DiffReport r = null;
        for (int i = -warmup; i < iterations; i++) {
            long w = System.nanoTime();
            long t = mx.getCurrentThreadCpuTime();
            r = TraceDiff.compare(base, neu, DiffConfig.defaults());
            if (i >= 0) {
                cpu[i] = (mx.getCurrentThreadCpuTime() - t) / 1e9;
                wall[i] = (System.nanoTime() - w) / 1e9;
            }
        }
        double[] plain = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long w = System.nanoTime();
            TraceFiles.analyze(base, AnalysisConfig.defaults());
            TraceFiles.analyze(neu, AnalysisConfig.defaults());
            plain[i] = (System.nanoTime() - w) / 1e9;
        }
        Arrays.sort(plain);
        long events = r.baseEvents() + r.newEvents();
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "diff_events=%d   (base %d + new %d)%n", events, r.baseEvents(), r.newEvents());
        System.out.printf(Locale.ROOT, "diff_groups=%d comparisons=%d significant=%d%n", r.groups().size(),
                r.comparisons(), r.significant().size());
        System.out.printf(Locale.ROOT, "diff_events_per_s=%.0f   (both traces streamed + bootstrap, wall-clock, decoding"
                + " on a second thread as in `report`, best of %d after %d warm-up; %.2f s; the first thread's CPU time"
                + " %.2f s)%n", events / wall[0], iterations, warmup, wall[0], cpu[0]);
        System.out.printf(Locale.ROOT, "diff_own_s=%.2f   (the diff's wall-clock time less two plain analyses of the same"
                + " files, %.2f s: grouping, histograms and bootstrap)%n", wall[0] - plain[0], plain[0]);
    }

    static void heap(Path base, Path neu) throws IOException {
        for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
            if (m.getType() == MemoryType.HEAP) {
                m.resetPeakUsage();
            }
        }
        DiffReport r = TraceDiff.compare(base, neu, DiffConfig.defaults());
        long peak = 0;
        for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
            if (m.getType() == MemoryType.HEAP) {
                peak += m.getPeakUsage().getUsed();
            }
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long live = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "diff_heap_max_bytes=%d%n", Runtime.getRuntime().maxMemory());
        System.out.printf(Locale.ROOT, "diff_live_bytes=%d   (heap in use after a full GC with the report, %d changes, held)%n",
                live, r.changes().size());
        System.out.printf(Locale.ROOT, "diff_peak_heap_bytes=%d   (sum of heap pools' peaks; events %d + %d, %d groups)%n",
                peak, r.baseEvents(), r.newEvents(), r.groups().size());
    }
}
