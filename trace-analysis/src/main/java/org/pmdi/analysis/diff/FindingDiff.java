package org.pmdi.analysis.diff;

/**
 * A finding (by kind and device) present on one side only.
 *
 * @param kind     the {@link org.pmdi.analysis.findings.FindingKind} name ("SLOW_DRIVER")
 * @param device   the device's name, or "" when the finding is not about one device
 * @param appeared true: only in the new trace; false: only in the base (it disappeared)
 * @param summary  the finding's summary on the side that has it
 */
public record FindingDiff(String kind, String device, boolean appeared, String summary) {
    /** "appeared: SLOW_DRIVER vdb: vdb (virtio_blk) is the slow driver ..." */
    public String words() {
        return (appeared ? "appeared: " : "disappeared: ") + kind + (device.isEmpty() ? "" : " " + device) + ": "
                + summary;
    }
}
