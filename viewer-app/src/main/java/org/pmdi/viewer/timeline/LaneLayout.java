package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pmdi.trace.Device;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;

/**
 * The lanes of a session: the AP side first, then each Linux CPU, then each device.
 *
 * <pre>{@code
 * LaneLayout lay = LaneLayout.of(header);
 * Lane vdb = lay.deviceLane(1);
 * }</pre>
 *
 * A null header (a live stream before its first header) gives one AP lane. Immutable.
 */
public final class LaneLayout {
    /** Height of the time ruler above the lanes. */
    public static final double RULER = 26;
    public static final double CPU_LANE = 30;
    public static final int DEVICE_ROWS = 4;
    public static final double DEVICE_LANE = 44;
    private final List<Lane> lanes;
    private final Lane[] bySource = new Lane[256];
    private final Lane[] byDevice = new Lane[256];
    private final int rows;

    private LaneLayout(List<Lane> lanes) {
        this.lanes = List.copyOf(lanes);
        int r = 0;
        for (Lane l : lanes) {
            if (l.kind() == Lane.Kind.DEVICE) {
                byDevice[l.id()] = l;
            } else {
                bySource[l.id()] = l;
            }
            r = Math.max(r, l.firstRow() + l.rows());
        }
        this.rows = r;
    }

    public static LaneLayout of(SessionHeader h) {
        List<Lane> out = new ArrayList<>();
        double y = RULER;
        int row = 0;
        List<Source> sources = new ArrayList<>(h == null ? List.of(Source.of(0, 0, 0, 0, 0)) : h.sources());
        sources.sort(Comparator.comparingInt((Source s) -> s.side()).thenComparingInt(Source::cpu));
        for (Source s : sources) {
            boolean ap = s.side() == Side.AP.code();
            String label = ap ? "AP kernel (cpu " + s.cpu() + ")" : "Linux cpu " + s.cpu();
            out.add(new Lane(ap ? Lane.Kind.AP : Lane.Kind.LINUX_CPU, s.source(), label, y, CPU_LANE, 2, row));
            y += CPU_LANE;
            row += 2;
        }
        if (h != null) {
            for (Device d : h.devices()) {
                out.add(new Lane(Lane.Kind.DEVICE, d.id(), d.name() + " (" + d.driver() + ")", y, DEVICE_LANE,
                        DEVICE_ROWS, row));
                y += DEVICE_LANE;
                row += DEVICE_ROWS;
            }
        }
        return new LaneLayout(out);
    }

    public List<Lane> lanes() {
        return lanes;
    }

    /** Lane of a trace ring, or null. */
    public Lane sourceLane(int source) {
        return bySource[source & 0xff];
    }

    /** Lane of a device, or null. */
    public Lane deviceLane(int dev) {
        return byDevice[dev & 0xff];
    }

    /** Total rows over all lanes. */
    public int rowCount() {
        return rows;
    }

    /** Total height, ruler included. */
    public double height() {
        return lanes.isEmpty() ? RULER : lanes.get(lanes.size() - 1).y() + lanes.get(lanes.size() - 1).height() + 4;
    }

    /** The lane at {@code y}, or null. */
    public Lane laneAt(double y) {
        for (Lane l : lanes) {
            if (l.contains(y)) {
                return l;
            }
        }
        return null;
    }
}
