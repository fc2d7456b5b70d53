package org.pmdi.analysis.diff;

import java.util.List;

/**
 * The whole comparison. {@link #changes()}: every compared statistic, significant
 * regressions first by ratio (largest first), then significant improvements, then the rest.
 */
public record DiffReport(String basePath, String newPath, DiffConfig config, List<GroupDiff> groups,
        List<Change> changes, List<ErrorDiff> errors, List<FindingDiff> findings, List<String> devicesOnlyInBase,
        List<String> devicesOnlyInNew, int comparisons, long baseEvents, long newEvents) {
    public DiffReport {
        groups = List.copyOf(groups);
        changes = List.copyOf(changes);
        errors = List.copyOf(errors);
        findings = List.copyOf(findings);
        devicesOnlyInBase = List.copyOf(devicesOnlyInBase);
        devicesOnlyInNew = List.copyOf(devicesOnlyInNew);
    }

    public List<Change> significant() {
        return changes.stream().filter(Change::significant).toList();
    }
}
