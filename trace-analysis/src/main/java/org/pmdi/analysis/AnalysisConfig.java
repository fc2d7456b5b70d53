package org.pmdi.analysis;

import org.pmdi.analysis.findings.SlowDriverRule;
import org.pmdi.analysis.findings.StuckThresholds;
import org.pmdi.analysis.findings.Symbolizer;

/**
 * Settings of a {@link TraceAnalyzer}.
 *
 * <pre>{@code
 * AnalysisConfig c = AnalysisConfig.defaults()
 *         .withStuck(StuckThresholds.defaults().withDevice("vdb", 5_000_000_000L))
 *         .withSymbolizer(ElfLibrary.of(List.of(Path.of("build/ap-kernel-traced"))));
 * }</pre>
 *
 * @param stuck            stuck-request and AP-silence thresholds, not null
 * @param windowNs         latency window length, > 0 (default 1 s)
 * @param keepWindows      windows kept as histograms for sliding queries, ≥ 1 (default 60)
 * @param reorderHorizonNs how long after REQ_DONE a request waits for late Linux events, > 0 (default 1 s)
 * @param slowDriver       the slow-driver rule, not null
 * @param symbolizer       AP fault addresses → symbols, not null ({@link Symbolizer#NONE})
 */
public record AnalysisConfig(StuckThresholds stuck, long windowNs, int keepWindows, long reorderHorizonNs,
        SlowDriverRule slowDriver, Symbolizer symbolizer) {
    public AnalysisConfig {
        if (stuck == null || slowDriver == null || symbolizer == null) {
            throw new IllegalArgumentException("stuck, slowDriver and symbolizer must not be null");
        }
        if (windowNs <= 0 || reorderHorizonNs <= 0) {
            throw new IllegalArgumentException("windowNs and reorderHorizonNs must be > 0");
        }
        if (keepWindows < 1) {
            throw new IllegalArgumentException("keepWindows must be >= 1, was " + keepWindows);
        }
    }

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(StuckThresholds.defaults(), 1_000_000_000L, 60, 1_000_000_000L,
                SlowDriverRule.defaults(), Symbolizer.NONE);
    }

    public AnalysisConfig withStuck(StuckThresholds s) {
        return new AnalysisConfig(s, windowNs, keepWindows, reorderHorizonNs, slowDriver, symbolizer);
    }

    public AnalysisConfig withWindow(long ns, int keep) {
        return new AnalysisConfig(stuck, ns, keep, reorderHorizonNs, slowDriver, symbolizer);
    }

    public AnalysisConfig withSymbolizer(Symbolizer s) {
        return new AnalysisConfig(stuck, windowNs, keepWindows, reorderHorizonNs, slowDriver, s);
    }
}
