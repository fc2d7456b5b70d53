package org.pmdi.analysis.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.ApFault;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Layout;

/**
 * Watches the health events: AP liveness (any AP event, heartbeats), ring overflows,
 * unexpected interrupts, AP faults and lost events; turns them into {@link Finding}s.
 *
 * <pre>{@code
 * HealthMonitor h = HealthMonitor.create();
 * h.onEvent(apSide, type, ns, args);          // fixed-type events
 * h.onFault(ns, ApFault.parse(blob));         // AP_FAULT blobs
 * List<Finding> f = h.findings(nowNs, thresholds, symbolizer, apBuildIdHex);
 * }</pre>
 *
 * Single writer, not thread-safe; allocates only for rare events (faults).
 */
public final class HealthMonitor {
    private static final long A = Request.ABSENT;
    private long lastApNs = A;
    /** The AP may have written (lost) events up to here: not silent before it. */
    private long apMaybeActiveNs = A;
    private long lastHeartbeatNs = A;
    private long lastLinuxIpiNs = A;
    private long heartbeats;
    private final long[][] overflow = new long[2][3];
    private final long[][] overflowFirstNs = new long[2][3];
    private final long[] unexpected = new long[256];
    private final long[] unexpectedFirstNs = new long[256];
    private final List<long[]> faultTimes = new ArrayList<>();
    private final List<ApFault> faults = new ArrayList<>();
    /** AP_FAULT records too short to read: {ns, bytes}. */
    private final List<long[]> unreadableFaults = new ArrayList<>();
    /** Per event type: records of a known type whose content could not be read. */
    private final long[] unreadable = new long[128];
    private long unreadableFirstNs = A;
    private long lostInRing;
    private long lostInTransport;
    private long gaps;
    private long corruptFrames;
    private long duplicates;
    private long beforeAttach;

    private HealthMonitor() {
    }

    public static HealthMonitor create() {
        return new HealthMonitor();
    }

    /** A fixed-type event of the AP ({@code ap}) or of Linux at {@code ns}. */
    public void onEvent(boolean ap, int type, long ns, long[] args) {
        if (ap) {
            apSeenAt(ns);
        } else if (type == 4) {
            linuxIpiSeenAt(ns);
        }
        switch (type) {
            case 13 -> {
                heartbeats++;
                lastHeartbeatNs = ns;
            }
            case 14 -> {
                int v = (int) args[0] & 0xff;
                if (unexpected[v]++ == 0) {
                    unexpectedFirstNs[v] = ns;
                }
            }
            case 15 -> {
                int side = ap ? 0 : 1;
                int ring = (int) Math.min(2, Math.max(0, args[0]));
                if (overflow[side][ring] == 0) {
                    overflowFirstNs[side][ring] = ns;
                }
                overflow[side][ring] += args[1];
            }
            case 16 -> lostInRing += args[0];
            default -> {
            }
        }
    }

    /** The AP wrote an event at {@code ns} (callers on a hot path may report only the latest). */
    public void apSeenAt(long ns) {
        if (ns != Long.MIN_VALUE && (lastApNs == A || ns > lastApNs)) {
            lastApNs = ns;
        }
    }

    /**
     * Events of the AP may be lost up to {@code ns} ({@link Long#MAX_VALUE}: up to now), so
     * its silence starts no earlier.
     */
    public void apMayBeActiveUntil(long ns) {
        apMaybeActiveNs = ns;
    }

    /** Linux received a doorbell IPI at {@code ns} (callers on a hot path may report only the latest). */
    public void linuxIpiSeenAt(long ns) {
        if (ns != Long.MIN_VALUE && (lastLinuxIpiNs == A || ns > lastLinuxIpiNs)) {
            lastLinuxIpiNs = ns;
        }
    }

    /** An AP_FAULT record at {@code ns}. */
    public void onFault(long ns, ApFault fault) {
        faultTimes.add(new long[] {ns});
        faults.add(fault);
        apSeenAt(ns);
    }

    /**
     * An AP_FAULT record of {@code len} bytes, too short to read: the AP still faulted (its
     * fault handler wrote it), only where is unknown.
     */
    public void onUnreadableFault(long ns, int len) {
        unreadableFaults.add(new long[] {ns, len});
        onUnreadable(EventType.AP_FAULT.id(), ns);
        apSeenAt(ns);
    }

    /**
     * A record of a known {@code type} (0..127) whose content could not be read (a blob of the
     * wrong size or shape): its writer's tracer has a bug. Counted and shown, never dropped
     * silently.
     */
    public void onUnreadable(int type, long ns) {
        unreadable[type & 127]++;
        if (unreadableFirstNs == A || ns < unreadableFirstNs) {
            unreadableFirstNs = ns;
        }
    }

    public void onGap() {
        gaps++;
    }

    /**
     * What the loss map counted: records missing in seq gaps (lost in transport, however the
     * items came: a file, a live feed), corrupt or unknown frames (their records' count
     * unknown), records dropped as duplicates, records written before the reader attached.
     */
    public void lossCounts(long seqGaps, long corruptFrames, long duplicates, long beforeAttach) {
        this.lostInTransport = seqGaps;
        this.corruptFrames = corruptFrames;
        this.duplicates = duplicates;
        this.beforeAttach = beforeAttach;
    }

    /** Latest AP event time, or ABSENT. */
    public long lastApNs() {
        return lastApNs;
    }

    /** Latest doorbell IRQ taken on Linux, or ABSENT. */
    public long lastLinuxIpiNs() {
        return lastLinuxIpiNs;
    }

    public long heartbeats() {
        return heartbeats;
    }

    /**
     * True when the AP has written before and nothing for longer than the threshold, and no
     * loss of its events could hide activity since.
     */
    public boolean apSilent(long nowNs, StuckThresholds t) {
        return lastApNs != A && silentSince() != Long.MAX_VALUE && nowNs - silentSince() > t.apSilentNs();
    }

    private long silentSince() {
        return apMaybeActiveNs == A ? lastApNs : Math.max(lastApNs, apMaybeActiveNs);
    }

    /** The findings as of {@code nowNs}. */
    public List<Finding> findings(long nowNs, StuckThresholds t, Symbolizer sym, String apBuildIdHex) {
        List<Finding> out = new ArrayList<>();
        if (apSilent(nowNs, t)) {
            out.add(Finding.of(FindingKind.AP_SILENT, Severity.ERROR,
                    "the AP has been silent for " + Durations.format(nowNs - silentSince()) + " (no heartbeat)", -1,
                    -1, lastApNs, List.of("last AP event at " + Durations.format(lastApNs),
                            lastHeartbeatNs == A ? "no heartbeat at all"
                                    : "last heartbeat at " + Durations.format(lastHeartbeatNs) + " (" + heartbeats
                                            + " in total)",
                            "silence threshold " + Durations.format(t.apSilentNs()))));
        }
        for (int i = 0; i < faults.size(); i++) {
            ApFault f = faults.get(i);
            String id = f.buildIdHex().matches("0*") && apBuildIdHex != null ? apBuildIdHex : f.buildIdHex();
            String at = sym.symbolize(id, f.rip());
            String rip = "0x" + Long.toHexString(f.rip());
            out.add(Finding.of(FindingKind.AP_FAULT, Severity.ERROR,
                    "the AP kernel faulted: vector " + f.vector() + " (" + vectorName(f.vector()) + ") at " + rip
                            + (at != null ? " in " + at : ""),
                    -1, -1, faultTimes.get(i)[0],
                    List.of("rip " + rip + (at != null ? " = " + at : " (no ELF with build id " + id
                            + " in the search path)"), "cr2 0x" + Long.toHexString(f.cr2()),
                            "error code 0x" + Long.toHexString(f.errorCode()), "build id " + id)));
        }
        for (long[] u : unreadableFaults) {
            out.add(Finding.of(FindingKind.AP_FAULT, Severity.ERROR,
                    "the AP kernel faulted, but its AP_FAULT record is unreadable (" + u[1] + " of "
                            + Layout.AP_FAULT_SIZE + " bytes): where is unknown",
                    -1, -1, u[0], List.of("at " + Durations.format(u[0]))));
        }
        unreadableFinding(out);
        String[] rings = {"request", "completion", "event"};
        for (int side = 0; side < 2; side++) {
            for (int r = 0; r < 3; r++) {
                if (overflow[side][r] > 0) {
                    out.add(Finding.of(FindingKind.RING_OVERFLOW, Severity.WARNING,
                            "the " + rings[r] + " ring was full " + overflow[side][r] + " time(s) ("
                                    + (side == 0 ? "AP" : "Linux") + " side)",
                            -1, -1, overflowFirstNs[side][r],
                            List.of("first at " + Durations.format(overflowFirstNs[side][r]))));
                }
            }
        }
        for (int v = 0; v < 256; v++) {
            if (unexpected[v] > 0) {
                out.add(Finding.of(FindingKind.UNEXPECTED_INTERRUPT, Severity.WARNING,
                        "the AP took " + unexpected[v] + " unexpected interrupt(s) on vector " + v, -1, -1,
                        unexpectedFirstNs[v], List.of("first at " + Durations.format(unexpectedFirstNs[v]))));
            }
        }
        if (lostInRing + lostInTransport > 0 || gaps > 0 || corruptFrames > 0) {
            out.add(Finding.of(FindingKind.EVENTS_LOST, Severity.WARNING, lostHeadline(), -1,
                    -1, A, List.of("dropped by full trace rings: " + lostInRing,
                            "lost in transport: " + lostInTransport, "recording gaps: " + gaps,
                            "corrupt or unknown frames: " + corruptFrames,
                            "duplicated records dropped: " + duplicates,
                            "written before the reader attached: " + beforeAttach)));
        }
        return out;
    }

    private void unreadableFinding(List<Finding> out) {
        long n = 0;
        StringBuilder by = new StringBuilder();
        for (int t = 0; t < unreadable.length; t++) {
            if (unreadable[t] > 0) {
                n += unreadable[t];
                EventType et = EventType.byId(t);
                by.append(by.length() == 0 ? "" : ", ").append(et != null ? et.name() : "type " + t).append(' ')
                        .append(unreadable[t]);
            }
        }
        if (n > 0) {
            out.add(Finding.of(FindingKind.UNREADABLE_RECORDS, Severity.WARNING,
                    n + " record(s) of known types could not be read: " + by + " (a bug in the tracer that wrote them)",
                    -1, -1, unreadableFirstNs, List.of("first at " + Durations.format(unreadableFirstNs))));
        }
    }

    /**
     * How many events were lost, as far as the stream tells: a corrupt frame or a recording
     * gap hides how many events it held (a later frame's seq gap counts them, unless it was
     * the last), so with those the count is a lower bound, and without a count it is unknown.
     */
    private String lostHeadline() {
        long counted = lostInRing + lostInTransport;
        String tail = ": requests around them may look incomplete";
        if (corruptFrames == 0 && gaps == 0) {
            return counted + " event(s) lost" + tail;
        }
        String where = (corruptFrames > 0 ? corruptFrames + " corrupt or unknown frame(s)" : "")
                + (corruptFrames > 0 && gaps > 0 ? " and " : "") + (gaps > 0 ? gaps + " recording gap(s)" : "");
        return counted > 0 ? "at least " + counted + " event(s) lost, more may be in " + where + tail
                : "an unknown number of event(s) lost in " + where + tail;
    }

    private static String vectorName(int v) {
        Map<Integer, String> m = new TreeMap<>(Map.of(0, "divide error", 6, "invalid opcode", 8, "double fault",
                13, "general protection", 14, "page fault", 18, "machine check", 3, "breakpoint", 2, "NMI"));
        return m.getOrDefault(v, "vector " + v);
    }

    /** Count of AP_FAULT records. */
    public int faultCount() {
        return faults.size();
    }

    /** Event type id of AP_FAULT, for callers dispatching blobs. */
    public static int faultType() {
        return EventType.AP_FAULT.id();
    }
}
