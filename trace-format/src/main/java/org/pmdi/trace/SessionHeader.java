package org.pmdi.trace;

import java.util.List;

/**
 * The session header (FORMAT.md §6), as parsed from the TLV blob of HEADER frames.
 *
 * <pre>{@code
 * SessionHeader h = SessionHeader.builder().session(id, 0, tsc, mono, real).clock(2_500_000, 2_500_000)
 *         .source(Source.of(0, 0, 1, 1, 4096)).device(Device.of(0, 2, 0, 512, cap, "vda", "virtio_blk"))
 *         .build();
 * Source s = h.source(3);   // null when the header has no SOURCE 3
 * }</pre>
 *
 * Ranges: sessionId, flags, tscKhz* are u32 values (0..2^32-1) held in longs; the start
 * times are u64 bit patterns. Missing SESSION or CLOCK TLVs leave their fields 0. Lists are
 * unmodifiable and never null. {@code formatVersion} is the version its magic names, one
 * {@link FormatVersion#isKnown known} to this code.
 */
public record SessionHeader(long sessionId, long flags, long startTsc, long startMonoNs, long startRealNs,
        long tscKhzLinux, long tscKhzAp, List<Source> sources, List<Device> devices, List<BuildId> buildIds,
        List<HeaderText> texts, int formatVersion) implements TraceItem {

    public SessionHeader {
        if (!FormatVersion.isKnown(formatVersion)) {
            throw new IllegalArgumentException(FormatVersion.unknownMessage(formatVersion));
        }
        Checks.range("sessionId", sessionId, 0, 0xffffffffL);
        Checks.range("flags", flags, 0, 0xffffffffL);
        Checks.range("tscKhzLinux", tscKhzLinux, 0, 0xffffffffL);
        Checks.range("tscKhzAp", tscKhzAp, 0, 0xffffffffL);
        sources = List.copyOf(sources);
        devices = List.copyOf(devices);
        buildIds = List.copyOf(buildIds);
        texts = List.copyOf(texts);
    }

    /** A header of the {@link FormatVersion#CURRENT current} version. */
    public SessionHeader(long sessionId, long flags, long startTsc, long startMonoNs, long startRealNs,
            long tscKhzLinux, long tscKhzAp, List<Source> sources, List<Device> devices, List<BuildId> buildIds,
            List<HeaderText> texts) {
        this(sessionId, flags, startTsc, startMonoNs, startRealNs, tscKhzLinux, tscKhzAp, sources, devices, buildIds,
                texts, FormatVersion.CURRENT);
    }

    public static SessionHeaderBuilder builder() {
        return new SessionHeaderBuilder();
    }

    /** The SOURCE entry with this id, or null. */
    public Source source(int id) {
        for (Source s : sources) {
            if (s.source() == id) {
                return s;
            }
        }
        return null;
    }

    /** The DEVICE entry with this id, or null. */
    public Device device(int id) {
        for (Device d : devices) {
            if (d.id() == id) {
                return d;
            }
        }
        return null;
    }
}
