package org.pmdi.trace;

/**
 * View of an AP_FAULT blob ({@code struct pmdi_blob_ap_fault}, 48 bytes).
 *
 * <pre>{@code
 * ApFault f = ApFault.parse(event.blob());
 * String where = Long.toHexString(f.rip()) + " in build " + f.buildIdHex();
 * }</pre>
 *
 * rip, cr2 and errorCode are u64 bit patterns; vector 0..255; buildId 20 bytes (copied).
 */
public record ApFault(long rip, long cr2, long errorCode, int vector, byte[] buildId) {
    public ApFault {
        Checks.notNull("buildId", buildId);
        Checks.range("buildId.length", buildId.length, Layout.BUILD_ID_LEN, Layout.BUILD_ID_LEN);
        buildId = buildId.clone();
    }

    /** Parses a blob of at least 48 bytes (extra bytes ignored). */
    public static ApFault parse(byte[] blob) {
        Checks.notNull("blob", blob);
        if (blob.length < Layout.AP_FAULT_SIZE) {
            throw new IllegalArgumentException("blob must be at least 48 bytes, was " + blob.length);
        }
        return new ApFault(LittleEndian.u64(blob, Layout.AP_FAULT_RIP), LittleEndian.u64(blob, Layout.AP_FAULT_CR2),
                LittleEndian.u64(blob, Layout.AP_FAULT_ERROR_CODE), LittleEndian.u8(blob, Layout.AP_FAULT_VECTOR),
                java.util.Arrays.copyOfRange(blob, Layout.AP_FAULT_BUILD_ID,
                        Layout.AP_FAULT_BUILD_ID + Layout.BUILD_ID_LEN));
    }

    @Override
    public byte[] buildId() {
        return buildId.clone();
    }

    public String buildIdHex() {
        return HexFormatter.hex(buildId);
    }
}
