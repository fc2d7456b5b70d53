package org.pmdi.analysis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.ElfLibrary;
import org.pmdi.analysis.findings.StuckThresholds;
import picocli.CommandLine.Option;

/**
 * Options shared by the report and export commands (a picocli mixin): stuck thresholds
 * and the ELF search path.
 *
 * <pre>{@code
 * --stuck-threshold 2s --stuck-threshold vdb=10s --ap-silent 3s --elf-path build/ap-kernel-traced
 * }</pre>
 */
public final class AnalysisOptions {
    @Option(names = "--stuck-threshold", paramLabel = "[DEV=]DURATION",
            description = "stuck threshold: a default (e.g. 2s) or per device (vdb=10s); default 1s")
    List<String> stuck = new ArrayList<>();

    @Option(names = "--ap-silent", paramLabel = "DURATION",
            description = "no AP event for this long means the AP is silent (default 2s)")
    String apSilent;

    @Option(names = "--elf-path", paramLabel = "DIR",
            description = "where to look for the AP kernel ELF by build id (repeatable)")
    List<Path> elfPath = new ArrayList<>();

    /** The configuration these options describe. */
    public AnalysisConfig config() {
        StuckThresholds t = StuckThresholds.defaults();
        for (String s : stuck) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                t = t.withDefault(Durations.parse(s));
            } else {
                t = t.withDevice(s.substring(0, eq), Durations.parse(s.substring(eq + 1)));
            }
        }
        if (apSilent != null) {
            t = t.withApSilent(Durations.parse(apSilent));
        }
        AnalysisConfig c = AnalysisConfig.defaults().withStuck(t);
        if (!elfPath.isEmpty()) {
            c = c.withSymbolizer(ElfLibrary.of(elfPath));
        }
        return c;
    }
}
