package org.pmdi.analysis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.ElfLibrary;
import org.pmdi.analysis.findings.StuckThresholds;
import picocli.CommandLine.Option;

/**
 * The report command's analysis options (a picocli mixin): stuck thresholds, the AP's
 * silence and the ELF search path. Export takes none of them: no export depends on them.
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

    /**
     * The configuration these options describe; IllegalArgumentException naming the option and
     * its value when one is not a positive duration (a usage error for the command).
     */
    public AnalysisConfig config() {
        StuckThresholds t = StuckThresholds.defaults();
        for (String s : stuck) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                t = t.withDefault(positive("--stuck-threshold", s, s));
            } else if (eq == 0) {
                throw new IllegalArgumentException("--stuck-threshold " + s + ": no device before '='");
            } else {
                t = t.withDevice(s.substring(0, eq), positive("--stuck-threshold", s, s.substring(eq + 1)));
            }
        }
        if (apSilent != null) {
            t = t.withApSilent(positive("--ap-silent", apSilent, apSilent));
        }
        AnalysisConfig c = AnalysisConfig.defaults().withStuck(t);
        if (!elfPath.isEmpty()) {
            c = c.withSymbolizer(ElfLibrary.of(elfPath));
        }
        return c;
    }

    /**
     * A per-device threshold that names no device of the trace ({@code devices}), in words,
     * or null: a typo there would silently leave the device at the default threshold.
     */
    public String unknownDevice(List<DeviceInfo> devices) {
        for (String s : stuck) {
            int eq = s.indexOf('=');
            String dev = eq > 0 ? s.substring(0, eq) : null;
            if (dev != null && devices.stream().noneMatch(d -> dev.equals(d.name())
                    || dev.equals(Integer.toString(d.id())))) {
                return "--stuck-threshold " + s + ": the trace has no device " + dev + " (its devices: "
                        + String.join(", ", devices.stream().map(DeviceInfo::name).toList()) + ")";
            }
        }
        return null;
    }

    /** {@code text} (the duration part of {@code whole}) as a positive duration, ns. */
    private static long positive(String option, String whole, String text) {
        long ns;
        try {
            ns = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + whole + ": " + e.getMessage());
        }
        if (ns <= 0) {
            throw new IllegalArgumentException(option + " " + whole + ": must be longer than 0, e.g. 250ms or 2s");
        }
        return ns;
    }
}
