package org.pmdi.analysis.diff;

/** A finding (kind and device) present on one side only: appeared in the new trace, or gone from it. */
public record FindingDiff(String kind, String device, boolean appeared, String summary) {
}
