package org.pmdi.analysis.diff;

import java.util.List;

/**
 * The whole comparison of two traces.
 *
 * <pre>{@code
 * DiffReport r = TraceDiff.compare(base, neu, DiffConfig.defaults());
 * r.significant().forEach(c -> System.out.println(c.words()));
 * }</pre>
 *
 * @param groups            every group of either side, by device, op and size class
 * @param changes           every compared statistic: significant regressions first by ratio
 *                          (largest first), then significant improvements (smallest ratio
 *                          first), then the rest in group, phase and statistic order
 * @param errors            per device named on either side with answered requests
 * @param findings          findings (kind and device) present on one side only
 * @param devicesOnlyInBase devices (Linux name and class) only the base trace has, by name
 * @param devicesOnlyInNew  devices only the new trace has
 * @param comparisons       statistics compared with enough samples on both sides: the
 *                          Bonferroni divisor of the intervals
 * @param baseEvents        events decoded from the base trace
 * @param newEvents         events decoded from the new trace
 * @param baseLoss          what the base trace lost ("12 event(s) lost: ..."), empty when
 *                          nothing was: its statistics may then miss requests
 * @param newLoss           the same for the new trace
 */
public record DiffReport(String basePath, String newPath, DiffConfig config, List<GroupDiff> groups,
        List<Change> changes, List<ErrorDiff> errors, List<FindingDiff> findings, List<String> devicesOnlyInBase,
        List<String> devicesOnlyInNew, int comparisons, long baseEvents, long newEvents, String baseLoss,
        String newLoss) {
    public DiffReport {
        if (basePath == null || newPath == null || config == null || baseLoss == null || newLoss == null) {
            throw new IllegalArgumentException("basePath, newPath, config and the loss texts must not be null");
        }
        groups = List.copyOf(groups);
        changes = List.copyOf(changes);
        errors = List.copyOf(errors);
        findings = List.copyOf(findings);
        devicesOnlyInBase = List.copyOf(devicesOnlyInBase);
        devicesOnlyInNew = List.copyOf(devicesOnlyInNew);
    }

    /** A report of two traces that lost nothing. */
    public DiffReport(String basePath, String newPath, DiffConfig config, List<GroupDiff> groups,
            List<Change> changes, List<ErrorDiff> errors, List<FindingDiff> findings, List<String> devicesOnlyInBase,
            List<String> devicesOnlyInNew, int comparisons, long baseEvents, long newEvents) {
        this(basePath, newPath, config, groups, changes, errors, findings, devicesOnlyInBase, devicesOnlyInNew,
                comparisons, baseEvents, newEvents, "", "");
    }

    /** The significant changes, in {@link #changes()} order (biggest regression first). */
    public List<Change> significant() {
        return changes.stream().filter(Change::significant).toList();
    }

    /** The devices whose failure rate got worse. */
    public List<ErrorDiff> worseErrors() {
        return errors.stream().filter(ErrorDiff::worse).toList();
    }

    /** The group with this key, or null. */
    public GroupDiff group(GroupKey key) {
        return groups.stream().filter(g -> g.key().equals(key)).findFirst().orElse(null);
    }
}
