package org.pmdi.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an INFLIGHT blob ({@code struct pmdi_blob_inflight}, 16 bytes each).
 *
 * <pre>{@code
 * for (InflightEntry e : InflightEntry.parseAll(event.blob())) { ... e.phaseEnum() ... }
 * }</pre>
 *
 * sinceTsc is a u64 bit pattern (the writer's TSC); req 0..2^32-1; dev, op, phase 0..255.
 */
public record InflightEntry(long sinceTsc, long req, int dev, int op, int phase) {
    public InflightEntry {
        Checks.range("req", req, 0, 0xffffffffL);
        Checks.range("dev", dev, 0, 255);
        Checks.range("op", op, 0, 255);
        Checks.range("phase", phase, 0, 255);
    }

    /** Parses every whole 16-byte entry of {@code blob} (not null; a partial tail is ignored). */
    public static List<InflightEntry> parseAll(byte[] blob) {
        Checks.notNull("blob", blob);
        List<InflightEntry> out = new ArrayList<>();
        for (int o = 0; o + Layout.INFLIGHT_SIZE <= blob.length; o += Layout.INFLIGHT_SIZE) {
            out.add(new InflightEntry(LittleEndian.u64(blob, o + Layout.INFLIGHT_SINCE_TSC),
                    LittleEndian.u32(blob, o + Layout.INFLIGHT_REQ), LittleEndian.u8(blob, o + Layout.INFLIGHT_DEV),
                    LittleEndian.u8(blob, o + Layout.INFLIGHT_OP), LittleEndian.u8(blob, o + Layout.INFLIGHT_PHASE)));
        }
        return List.copyOf(out);
    }

    public Op opEnum() {
        return Op.fromCode(op);
    }

    public Phase phaseEnum() {
        return Phase.fromCode(phase);
    }
}
