package org.pmdi.analysis.export;

import org.pmdi.trace.EventType;

/**
 * The CTF 1.8 TSDL metadata of the CTF export: one clock ("ap", ns on the AP timeline),
 * stream class 0 (trace events: one event class per {@link EventType}, id = type id) and
 * stream class 1 (one "request" event class with the {@link RequestColumns}).
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("metadata"), CtfMetadata.text());
 * }</pre>
 *
 * Every field is byte aligned and little-endian. Event payloads of stream 0 start with
 * {@code req} (u32) and {@code t_ns} (s64, the mapped time, never clamped; the event
 * timestamp is that value made monotonic per stream, floored at 0), then the type's
 * arguments by their FORMAT.md names (s64 when signed, u64 otherwise); blob types carry
 * {@code blob_len} and {@code blob[blob_len]}. Request fields are s64 (unknown =
 * −2^63) except the text columns.
 */
public final class CtfMetadata {
    /** Packet magic (CTF). */
    public static final int MAGIC = 0xC1FC1FC1;
    /** Event id of "request" in stream class 1. */
    public static final int REQUEST_EVENT_ID = 0;

    private CtfMetadata() {
    }

    public static String text() {
        StringBuilder b = new StringBuilder(8192);
        b.append("/* CTF 1.8 */\n\n");
        b.append("typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n");
        b.append("typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n");
        b.append("typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n");
        b.append("typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n");
        b.append("typealias integer { size = 64; align = 8; signed = true; } := int64_t;\n\n");
        b.append("trace {\n    major = 1;\n    minor = 8;\n    byte_order = le;\n");
        b.append("    packet.header := struct {\n        uint32_t magic;\n        uint32_t stream_id;\n    };\n};\n\n");
        b.append("env {\n    domain = \"pmdi\";\n    tracer_name = \"pmdi-trace-analysis\";\n};\n\n");
        b.append("clock {\n    name = ap;\n    description = \"AP TSC timeline, ns since the trace origin\";\n");
        b.append("    freq = 1000000000;\n    offset = 0;\n};\n\n");
        b.append("typealias integer { size = 64; align = 8; signed = false; map = clock.ap.value; } := ap_clock_t;\n\n");
        for (int sc = 0; sc < 2; sc++) {
            b.append("stream {\n    id = ").append(sc).append(";\n");
            b.append("    packet.context := struct {\n        ap_clock_t timestamp_begin;\n");
            b.append("        ap_clock_t timestamp_end;\n        uint64_t content_size;\n");
            b.append("        uint64_t packet_size;\n        uint32_t source;\n    };\n");
            b.append("    event.header := struct {\n        uint16_t id;\n        ap_clock_t timestamp;\n    };\n};\n\n");
        }
        for (EventType t : EventType.values()) {
            b.append("event {\n    name = \"").append(t.name()).append("\";\n    id = ").append(t.id());
            b.append(";\n    stream_id = 0;\n    fields := struct {\n        uint32_t req;\n        int64_t t_ns;\n");
            if (t.isBlob()) {
                b.append("        uint8_t blob_len;\n        uint8_t blob[blob_len];\n");
            } else {
                for (int i = 0; i < t.argCount(); i++) {
                    b.append("        ").append(t.isSigned(i) ? "int64_t " : "uint64_t ").append(t.argName(i))
                            .append(";\n");
                }
            }
            b.append("    };\n};\n\n");
        }
        b.append("event {\n    name = \"request\";\n    id = ").append(REQUEST_EVENT_ID)
                .append(";\n    stream_id = 1;\n    fields := struct {\n");
        for (int i = 0; i < RequestColumns.NAMES.size(); i++) {
            String n = RequestColumns.NAMES.get(i);
            boolean text = i == RequestColumns.DEVICE_NAME || i == RequestColumns.FLAGS;
            b.append("        ").append(text ? "string " : "int64_t ").append(n).append(";\n");
        }
        b.append("    };\n};\n");
        return b.toString();
    }
}
