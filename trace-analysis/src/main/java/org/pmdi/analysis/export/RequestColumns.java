package org.pmdi.analysis.export;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.analysis.request.RequestView;

/**
 * The request columns shared by the CSV and the CTF exports (same names, same values), so
 * that the two can be compared field by field.
 *
 * <pre>{@code
 * List<String> names = RequestColumns.NAMES;
 * long v = RequestColumns.value(view, i);     // numeric columns; Request.ABSENT when unknown
 * }</pre>
 *
 * Columns: req, device, device_name (text), op, length, status, flags (text), post_ns,
 * done_ns, total_ns, then one per phase ({@link Phase#key()} + "_ns").
 */
public final class RequestColumns {
    /** Column names in order. */
    public static final List<String> NAMES;
    /** Index of the device_name column. */
    public static final int DEVICE_NAME = 2;
    /** Index of the flags column. */
    public static final int FLAGS = 6;

    static {
        List<String> n = new ArrayList<>(List.of("req", "device", "device_name", "op", "length", "status", "flags",
                "post_ns", "done_ns", "total_ns"));
        for (Phase p : Phase.values()) {
            n.add(p.key() + "_ns");
        }
        NAMES = List.copyOf(n);
    }

    private RequestColumns() {
    }

    /** Numeric column {@code i} of {@code r} (not for the text columns). */
    public static long value(RequestView r, int i) {
        return switch (i) {
            case 0 -> r.id();
            case 1 -> r.device();
            case 3 -> r.op();
            case 4 -> r.length();
            case 5 -> r.status();
            case 7 -> r.pointNs(Point.POST);
            case 8 -> r.pointNs(Point.DONE);
            case 9 -> r.totalNs();
            default -> {
                if (i >= 10 && i < 10 + Phase.COUNT) {
                    yield r.phaseNs(Phase.of(i - 10));
                }
                throw new IllegalArgumentException("i must be a numeric column, was " + i);
            }
        };
    }

    /**
     * Text of the flags column: the flag names joined by '|', or "none". Never empty:
     * babeltrace2 2.0.4 prints an empty CTF string as the previous event's value.
     */
    public static String flags(RequestView r) {
        String f = RequestFlags.describe(r.flags());
        return f.isEmpty() ? "none" : f;
    }

    /** Text of the device_name column: the name, or "-" when the device is unknown (never empty). */
    public static String deviceName(RequestView r, java.util.function.IntFunction<String> names) {
        return r.device() < 0 ? "-" : names.apply(r.device());
    }

    /** The time used to decide whether a request is in a range: its post, else first seen. */
    public static long anchorNs(RequestView r) {
        long t = r.pointNs(Point.POST);
        if (t != Request.ABSENT) {
            return t;
        }
        long m = Request.ABSENT;
        for (Point p : Point.values()) {
            long x = r.pointNs(p);
            if (x != Request.ABSENT && (m == Request.ABSENT || x < m)) {
                m = x;
            }
        }
        return m;
    }
}
