package org.pmdi.analysis.findings;

import java.util.Map;

/**
 * Thresholds for stuck requests and AP silence. The defaults are fixed and the same for
 * every trace ({@link #DEFAULT_NS}, {@link #DEFAULT_AP_SILENT_NS}); a device (by name or
 * id, as text) may have its own.
 *
 * <pre>{@code
 * StuckThresholds t = StuckThresholds.defaults().withDevice("vdb", 5_000_000_000L);
 * long ns = t.forDevice(3, "vdb");
 * }</pre>
 *
 * @param defaultNs   > 0
 * @param perDevice   device name or decimal id → ns (> 0); copied, never null
 * @param apSilentNs  > 0: no AP event for this long means the AP is silent
 */
public record StuckThresholds(long defaultNs, Map<String, Long> perDevice, long apSilentNs) {
    /** 1 s. */
    public static final long DEFAULT_NS = 1_000_000_000L;
    /** 2 s. */
    public static final long DEFAULT_AP_SILENT_NS = 2_000_000_000L;

    public StuckThresholds {
        if (defaultNs <= 0 || apSilentNs <= 0) {
            throw new IllegalArgumentException("defaultNs and apSilentNs must be > 0");
        }
        perDevice = Map.copyOf(perDevice);
        perDevice.forEach((k, v) -> {
            if (v <= 0) {
                throw new IllegalArgumentException("perDevice threshold of " + k + " must be > 0, was " + v);
            }
        });
    }

    public static StuckThresholds defaults() {
        return new StuckThresholds(DEFAULT_NS, Map.of(), DEFAULT_AP_SILENT_NS);
    }

    public StuckThresholds withDefault(long ns) {
        return new StuckThresholds(ns, perDevice, apSilentNs);
    }

    public StuckThresholds withApSilent(long ns) {
        return new StuckThresholds(defaultNs, perDevice, ns);
    }

    public StuckThresholds withDevice(String nameOrId, long ns) {
        java.util.HashMap<String, Long> m = new java.util.HashMap<>(perDevice);
        m.put(nameOrId, ns);
        return new StuckThresholds(defaultNs, m, apSilentNs);
    }

    /** The threshold of device {@code id} named {@code name} (nullable). */
    public long forDevice(int id, String name) {
        if (name != null && perDevice.containsKey(name)) {
            return perDevice.get(name);
        }
        return perDevice.getOrDefault(Integer.toString(id), defaultNs);
    }
}
