package org.pmdi.trace;

import java.util.Map;
import java.util.TreeMap;

/**
 * Byte offsets and sizes of the format's fixed structs, mirroring the {@code _Static_assert}s
 * of {@code include/pmdi/*.h}. The codec reads and writes fields only through these
 * constants, and a test checks {@link #table()} against the C headers.
 *
 * <pre>{@code
 * long cr2 = LittleEndian.u64(blob, Layout.AP_FAULT_CR2);
 * Map<String, Integer> t = Layout.table();   // "pmdi_blob_ap_fault.cr2" -> 8, "sizeof pmdi_blob_ap_fault" -> 48
 * }</pre>
 */
public final class Layout {
    private Layout() {
    }

    public static final int SLOT_SIZE = 16;
    public static final int TSC_BITS = 56;

    public static final int REC_TSC_TYPE = 0;
    public static final int REC_REQ = 8;
    public static final int REC_ARG = 12;
    public static final int REC_SIZE = 16;

    public static final int EXT_REQ_POST_OFFSET = 0;
    public static final int EXT_REQ_POST_LEN = 8;
    public static final int EXT_REQ_POST_SIZE = 16;

    public static final int EXT_CLOCK_SYNC_OFFSET = 0;
    public static final int EXT_CLOCK_SYNC_UNCERTAINTY = 8;
    public static final int EXT_CLOCK_SYNC_RTT = 12;
    public static final int EXT_CLOCK_SYNC_SIZE = 16;

    public static final int BUILD_ID_LEN = 20;
    public static final int AP_FAULT_RIP = 0;
    public static final int AP_FAULT_CR2 = 8;
    public static final int AP_FAULT_ERROR_CODE = 16;
    public static final int AP_FAULT_VECTOR = 24;
    public static final int AP_FAULT_BUILD_ID = 28;
    public static final int AP_FAULT_SIZE = 48;

    public static final int INFLIGHT_SINCE_TSC = 0;
    public static final int INFLIGHT_REQ = 8;
    public static final int INFLIGHT_DEV = 12;
    public static final int INFLIGHT_OP = 13;
    public static final int INFLIGHT_PHASE = 14;
    public static final int INFLIGHT_SIZE = 16;
    public static final int INFLIGHT_MAX = 12;

    /** NET_FRAME blob (v1): a fixed head, then the first bytes of the frame. */
    public static final int NET_FRAME_DEV = 0;
    public static final int NET_FRAME_DIR = 1;
    public static final int NET_FRAME_RESERVED = 2;
    public static final int NET_FRAME_LEN = 4;
    public static final int NET_FRAME_DATA = 8;
    /** Most frame bytes a NET_FRAME carries (the module's trace_snap is 0..184). */
    public static final int NET_FRAME_SNAP_MAX = 184;

    public static final int HDR_SESSION_ID = 0;
    public static final int HDR_SESSION_FLAGS = 4;
    public static final int HDR_SESSION_START_TSC = 8;
    public static final int HDR_SESSION_START_MONO_NS = 16;
    public static final int HDR_SESSION_START_REAL_NS = 24;
    public static final int HDR_SESSION_SIZE = 32;

    public static final int HDR_CLOCK_TSC_KHZ_LINUX = 0;
    public static final int HDR_CLOCK_TSC_KHZ_AP = 4;
    public static final int HDR_CLOCK_SIZE = 8;

    public static final int HDR_SOURCE_SOURCE = 0;
    public static final int HDR_SOURCE_SIDE = 1;
    public static final int HDR_SOURCE_CPU = 2;
    public static final int HDR_SOURCE_APIC_ID = 4;
    public static final int HDR_SOURCE_RING_SLOTS = 8;
    public static final int HDR_SOURCE_SIZE = 16;

    public static final int HDR_DEVICE_ID = 0;
    public static final int HDR_DEVICE_CLASS = 1;
    public static final int HDR_DEVICE_FLAGS = 2;
    public static final int HDR_DEVICE_BLOCK_SIZE = 4;
    public static final int HDR_DEVICE_CAPACITY = 8;
    public static final int HDR_DEVICE_SIZE = 16;
    /** A net DEVICE's tail after its driver name (v1): max_len u32, mac[6]. */
    public static final int HDR_DEVICE_NET_MAX_LEN = 0;
    public static final int HDR_DEVICE_NET_MAC = 4;
    public static final int HDR_DEVICE_NET_SIZE = 10;

    public static final int RING_HEAD = 0;
    public static final int RING_LOST_TOTAL = 8;
    public static final int RING_TAIL = 64;
    public static final int RING_BROKEN = 72;
    public static final int RING_MAGIC = 128;
    public static final int RING_NSLOTS = 132;
    public static final int RING_SLOTS = 192;

    /**
     * Every offset as {@code "struct.field" -> offset} and every size as
     * {@code "sizeof struct" -> bytes}, with the C names (struct without {@code struct}
     * keyword, C field names). A new, unmodifiable map on each call.
     */
    public static Map<String, Integer> table() {
        Map<String, Integer> t = new TreeMap<>();
        t.put("pmdi_trace_rec.tsc_type", REC_TSC_TYPE);
        t.put("pmdi_trace_rec.req", REC_REQ);
        t.put("pmdi_trace_rec.arg", REC_ARG);
        t.put("sizeof pmdi_trace_rec", REC_SIZE);
        t.put("pmdi_ext_req_post.offset", EXT_REQ_POST_OFFSET);
        t.put("pmdi_ext_req_post.len", EXT_REQ_POST_LEN);
        t.put("sizeof pmdi_ext_req_post", EXT_REQ_POST_SIZE);
        t.put("pmdi_ext_clock_sync.offset", EXT_CLOCK_SYNC_OFFSET);
        t.put("pmdi_ext_clock_sync.uncertainty", EXT_CLOCK_SYNC_UNCERTAINTY);
        t.put("pmdi_ext_clock_sync.rtt", EXT_CLOCK_SYNC_RTT);
        t.put("sizeof pmdi_ext_clock_sync", EXT_CLOCK_SYNC_SIZE);
        t.put("pmdi_blob_ap_fault.rip", AP_FAULT_RIP);
        t.put("pmdi_blob_ap_fault.cr2", AP_FAULT_CR2);
        t.put("pmdi_blob_ap_fault.error_code", AP_FAULT_ERROR_CODE);
        t.put("pmdi_blob_ap_fault.vector", AP_FAULT_VECTOR);
        t.put("pmdi_blob_ap_fault.build_id", AP_FAULT_BUILD_ID);
        t.put("sizeof pmdi_blob_ap_fault", AP_FAULT_SIZE);
        t.put("pmdi_blob_inflight.since_tsc", INFLIGHT_SINCE_TSC);
        t.put("pmdi_blob_inflight.req", INFLIGHT_REQ);
        t.put("pmdi_blob_inflight.dev", INFLIGHT_DEV);
        t.put("pmdi_blob_inflight.op", INFLIGHT_OP);
        t.put("pmdi_blob_inflight.phase", INFLIGHT_PHASE);
        t.put("sizeof pmdi_blob_inflight", INFLIGHT_SIZE);
        t.put("pmdi_blob_net_frame.dev", NET_FRAME_DEV);
        t.put("pmdi_blob_net_frame.dir", NET_FRAME_DIR);
        t.put("pmdi_blob_net_frame.rsvd", NET_FRAME_RESERVED);
        t.put("pmdi_blob_net_frame.len", NET_FRAME_LEN);
        t.put("pmdi_hdr_device_net.mac", HDR_DEVICE_NET_MAC);
        t.put("sizeof pmdi_hdr_device_net", HDR_DEVICE_NET_SIZE);
        t.put("pmdi_hdr_session.session_id", HDR_SESSION_ID);
        t.put("pmdi_hdr_session.flags", HDR_SESSION_FLAGS);
        t.put("pmdi_hdr_session.start_tsc", HDR_SESSION_START_TSC);
        t.put("pmdi_hdr_session.start_mono_ns", HDR_SESSION_START_MONO_NS);
        t.put("pmdi_hdr_session.start_real_ns", HDR_SESSION_START_REAL_NS);
        t.put("sizeof pmdi_hdr_session", HDR_SESSION_SIZE);
        t.put("pmdi_hdr_clock.tsc_khz_linux", HDR_CLOCK_TSC_KHZ_LINUX);
        t.put("pmdi_hdr_clock.tsc_khz_ap", HDR_CLOCK_TSC_KHZ_AP);
        t.put("sizeof pmdi_hdr_clock", HDR_CLOCK_SIZE);
        t.put("pmdi_hdr_source.source", HDR_SOURCE_SOURCE);
        t.put("pmdi_hdr_source.side", HDR_SOURCE_SIDE);
        t.put("pmdi_hdr_source.cpu", HDR_SOURCE_CPU);
        t.put("pmdi_hdr_source.apic_id", HDR_SOURCE_APIC_ID);
        t.put("pmdi_hdr_source.ring_slots", HDR_SOURCE_RING_SLOTS);
        t.put("sizeof pmdi_hdr_source", HDR_SOURCE_SIZE);
        t.put("pmdi_hdr_device.id", HDR_DEVICE_ID);
        t.put("pmdi_hdr_device.dev_class", HDR_DEVICE_CLASS);
        t.put("pmdi_hdr_device.flags", HDR_DEVICE_FLAGS);
        t.put("pmdi_hdr_device.block_size", HDR_DEVICE_BLOCK_SIZE);
        t.put("pmdi_hdr_device.capacity", HDR_DEVICE_CAPACITY);
        t.put("sizeof pmdi_hdr_device", HDR_DEVICE_SIZE);
        t.put("pmdi_trace_ring.head", RING_HEAD);
        t.put("pmdi_trace_ring.lost_total", RING_LOST_TOTAL);
        t.put("pmdi_trace_ring.tail", RING_TAIL);
        t.put("pmdi_trace_ring.broken", RING_BROKEN);
        t.put("pmdi_trace_ring.magic", RING_MAGIC);
        t.put("pmdi_trace_ring.nslots", RING_NSLOTS);
        t.put("pmdi_trace_ring.slots", RING_SLOTS);
        return java.util.Collections.unmodifiableMap(t);
    }
}
