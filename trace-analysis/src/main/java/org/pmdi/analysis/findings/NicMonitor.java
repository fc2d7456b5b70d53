package org.pmdi.analysis.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.pmdi.analysis.request.Request;

/**
 * Watches the network devices' own events: frames dropped for want of a receive buffer
 * (NET_DROP) and link changes (NET_LINK); turns them into {@link Finding}s.
 *
 * <pre>{@code
 * NicMonitor m = NicMonitor.create();
 * m.onDrop(ns, dev, len);                      // NET_DROP
 * m.onLink(ns, dev, up);                       // NET_LINK
 * List<Finding> f = m.findings(nowNs, lossy, names);
 * Map<Integer, TimeBins> where = m.dropBins();      // for a timeline's marks
 * }</pre>
 *
 * Counts are only as good as the trace: when Linux's events may be missing ({@code lossy}),
 * a drop count is a lower bound ("at least N"), and no drop seen means "cannot tell", never 0.
 * Single writer, not thread-safe; allocates once per device.
 */
public final class NicMonitor {
    private static final long A = Request.ABSENT;
    private final Map<Integer, Nic> nics = new TreeMap<>();

    /** Per device: drops, and the link's history as the trace saw it. */
    private static final class Nic {
        long drops;
        long dropBytes;
        long firstDropNs = A;
        long lastDropNs = A;
        final TimeBins.Counter dropsAt = TimeBins.counter();
        /** 1 up, 0 down, -1 no NET_LINK seen yet. */
        int up = -1;
        long downSinceNs = A;
        long downNs;
        int downs;
        long firstDownNs = A;
    }

    private NicMonitor() {
    }

    public static NicMonitor create() {
        return new NicMonitor();
    }

    private Nic nic(long dev) {
        return nics.computeIfAbsent((int) (dev & 0xff), d -> new Nic());
    }

    /** A NET_DROP of a {@code len}-byte frame on {@code dev} at {@code ns}. */
    public void onDrop(long ns, long dev, long len) {
        Nic n = nic(dev);
        if (n.drops++ == 0) {
            n.firstDropNs = ns;
        }
        n.lastDropNs = Math.max(n.lastDropNs, ns);
        n.dropBytes += len;
        n.dropsAt.add(ns);
    }

    /** A NET_LINK of {@code dev} at {@code ns}: up (non-zero) or down. */
    public void onLink(long ns, long dev, long up) {
        Nic n = nic(dev);
        int now = up != 0 ? 1 : 0;
        if (now == 0 && n.up != 0) {
            n.downs++;
            n.downSinceNs = ns;
            if (n.firstDownNs == A) {
                n.firstDownNs = ns;
            }
        } else if (now == 1 && n.up == 0) {
            n.downNs += Math.max(0, ns - n.downSinceNs);
            n.downSinceNs = A;
        }
        n.up = now;
    }

    /** Devices that had a NET_DROP or NET_LINK, ascending. */
    public List<Integer> devices() {
        return List.copyOf(nics.keySet());
    }

    /** Drops seen on {@code dev} (a lower bound when events may be lost). */
    public long drops(int dev) {
        Nic n = nics.get(dev);
        return n == null ? 0 : n.drops;
    }

    /** Where the drops seen so far happened, per device with at least one. */
    public Map<Integer, TimeBins> dropBins() {
        Map<Integer, TimeBins> out = new TreeMap<>();
        nics.forEach((dev, n) -> {
            if (n.drops > 0) {
                out.put(dev, n.dropsAt.snapshot());
            }
        });
        return out;
    }

    /** True when {@code dev}'s last NET_LINK said down. */
    public boolean linkDown(int dev) {
        Nic n = nics.get(dev);
        return n != null && n.up == 0;
    }

    /**
     * The findings as of {@code nowNs}.
     *
     * @param lossy  Linux's events (which NET_DROP and NET_LINK are) may be missing somewhere
     * @param nicIds the NICs of the session header, so that "cannot tell" is said of each
     * @param names  a device's name ("eth1", "dev3")
     */
    public List<Finding> findings(long nowNs, boolean lossy, List<Integer> nicIds, IntFunction<String> names) {
        List<Finding> out = new ArrayList<>();
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>(nics.keySet());
        ids.addAll(nicIds);
        for (int dev : ids) {
            Nic n = nics.get(dev);
            String name = names.apply(dev);
            if (n != null && n.drops > 0) {
                String count = (lossy ? "at least " : "") + n.drops + " frame" + (n.drops == 1 ? "" : "s");
                List<String> ev = new ArrayList<>();
                ev.add("first " + Durations.format(n.firstDropNs) + ", last " + Durations.format(n.lastDropNs)
                        + ", " + n.dropBytes + " bytes in the frames seen");
                if (lossy) {
                    ev.add("Linux's events may be lost in this trace: more frames may have been dropped");
                }
                out.add(Finding.of(FindingKind.FRAMES_DROPPED, Severity.WARNING,
                        count + " dropped on " + name + ": the AP had no receive buffer posted", dev, -1,
                        n.firstDropNs, ev));
            } else if (lossy) {
                out.add(Finding.of(FindingKind.FRAMES_DROPPED, Severity.INFO,
                        "cannot tell whether frames were dropped on " + name
                                + ": Linux's events may be lost in this trace (no drop seen)",
                        dev, -1, A, List.of()));
            }
            if (n != null && n.downs > 0) {
                boolean still = n.up == 0;
                long down = n.downNs + (still ? Math.max(0, nowNs - n.downSinceNs) : 0);
                out.add(Finding.of(FindingKind.LINK_DOWN, still ? Severity.WARNING : Severity.INFO,
                        "the link of " + name + (still ? " has been down since " + Durations.format(n.downSinceNs)
                                : " went down " + n.downs + " time" + (n.downs == 1 ? "" : "s") + " and came back up"),
                        dev, -1, n.firstDownNs, List.of("down " + Durations.format(down) + " in all, first at "
                                + Durations.format(n.firstDownNs), "SENDs while it is down are refused (link_down)")));
            }
        }
        return out;
    }
}
