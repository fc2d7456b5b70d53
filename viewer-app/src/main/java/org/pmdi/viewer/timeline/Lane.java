package org.pmdi.viewer.timeline;

/**
 * One horizontal lane of the timeline.
 *
 * <pre>{@code
 * Lane l = new Lane(Lane.Kind.DEVICE, 1, "vdb (virtio_blk)", 120, 40, 4, 3);
 * double rowY = l.rowY(2);
 * }</pre>
 *
 * @param kind      what the lane shows
 * @param id        source id (AP, LINUX_CPU) or device id (DEVICE)
 * @param y         top, px
 * @param height    px
 * @param rows      sub-rows for overlapping requests (≥ 1)
 * @param firstRow  index of the lane's first row among all lanes' rows
 */
public record Lane(Kind kind, int id, String label, double y, double height, int rows, int firstRow) {
    /** Lane kinds. */
    public enum Kind {
        /** The AP kernel's trace ring. */
        AP,
        /** One Linux CPU's trace ring. */
        LINUX_CPU,
        /** One device's requests. */
        DEVICE
    }

    public double rowHeight() {
        return (height - 4) / rows;
    }

    public double rowY(int row) {
        return y + 2 + row * rowHeight();
    }

    public double centerY() {
        return y + height / 2;
    }

    public boolean contains(double py) {
        return py >= y && py < y + height;
    }
}
