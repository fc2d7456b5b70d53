package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.request.Phase;

/**
 * The colours the viewer gives the analysis's request {@link Phase}s, and the few marks that
 * are not phases (an outstanding request, a failed one, a receive buffer waiting for a frame,
 * a NIC's drops and link changes). The timeline, its legend and the
 * latency tab's phase chart all read them here, so a colour means the same phase everywhere.
 *
 * <pre>{@code
 * int argb = PhaseColors.of(Phase.DRIVER);
 * for (PhaseColors.Entry e : PhaseColors.legend()) draw(e.argb(), e.words());
 * }</pre>
 */
public final class PhaseColors {
    /** Still outstanding at the end of what is known. */
    public static final int OUTSTANDING = 0xFFE63946;
    /** Outline (and sub-pixel mark) of a request that ended with an error status. */
    public static final int FAILED = 0xFFB5179E;
    /** A receive buffer waiting for a frame (a RECV's DRV_BEGIN → DRV_END): not latency. */
    public static final int WAITING_FOR_FRAME = 0xFFC8D3E0;
    /** A NIC's frame dropped: the AP had no receive buffer posted (NET_DROP). */
    public static final int FRAME_DROPPED = 0xFFD00000;
    /** A NIC's link went down (NET_LINK 0), and up again (NET_LINK 1). */
    public static final int LINK_DOWN = 0xFF222222;
    public static final int LINK_UP = 0xFF2A9D8F;
    private static final int[] BY_PHASE = new int[Phase.COUNT];

    static {
        BY_PHASE[Phase.QUEUED.ordinal()] = 0xFF9C8ADE;
        BY_PHASE[Phase.DOORBELL.ordinal()] = 0xFFC9BEF2;
        BY_PHASE[Phase.DISPATCH_WAIT.ordinal()] = 0xFFF2B134;
        BY_PHASE[Phase.DRIVER.ordinal()] = 0xFF3A86FF;
        BY_PHASE[Phase.COMPLETION.ordinal()] = 0xFFFF7F50;
        BY_PHASE[Phase.PICKUP.ordinal()] = 0xFF6AB04C;
    }

    private PhaseColors() {
    }

    /** The colour (opaque ARGB) of phase {@code p}. */
    public static int of(Phase p) {
        return BY_PHASE[p.ordinal()];
    }

    /**
     * One legend entry.
     *
     * @param argb  its colour
     * @param words what it means, in the analysis's words
     * @param phase the phase, or null for a mark that is not one
     */
    public record Entry(int argb, String words, Phase phase) {
    }

    /** Every colour the timeline draws requests with, in data-path order, then the marks. */
    public static List<Entry> legend() {
        List<Entry> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            out.add(new Entry(of(p), p.label(), p));
        }
        out.add(new Entry(OUTSTANDING, "outstanding", null));
        out.add(new Entry(FAILED, "failed (error status)", null));
        out.add(new Entry(WAITING_FOR_FRAME, "receive buffer waiting for a frame", null));
        out.add(new Entry(FRAME_DROPPED, "frame dropped: no receive buffer", null));
        out.add(new Entry(LINK_DOWN, "link down", null));
        out.add(new Entry(LINK_UP, "link up", null));
        return List.copyOf(out);
    }
}
