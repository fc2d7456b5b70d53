package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Op;
import org.pmdi.trace.SessionHeader;
import org.pmdi.viewer.data.EventColumns;

/**
 * Words for the hover box and the detail pane of one request.
 *
 * <pre>{@code
 * String tip = RequestText.summary(span, header);   // "req 42 · vdb read 4096 B · 1.9 ms · failed: EIO"
 * List<String> lines = RequestText.events(events, 42, header);
 * }</pre>
 */
public final class RequestText {
    /** Linux errno names of the statuses a request may end with (status = −errno). */
    private static final Map<Integer, String> ERRNO = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"),
            Map.entry(19, "ENODEV"), Map.entry(22, "EINVAL"), Map.entry(28, "ENOSPC"), Map.entry(30, "EROFS"),
            Map.entry(34, "ERANGE"), Map.entry(38, "ENOSYS"), Map.entry(61, "ENODATA"), Map.entry(62, "ETIME"),
            Map.entry(74, "EBADMSG"), Map.entry(75, "EOVERFLOW"), Map.entry(95, "EOPNOTSUPP"),
            Map.entry(110, "ETIMEDOUT"), Map.entry(121, "EREMOTEIO"), Map.entry(125, "ECANCELED"));

    private RequestText() {
    }

    public static String deviceName(SessionHeader h, int dev) {
        Device d = h == null ? null : h.device(dev);
        return d == null ? "dev " + dev : d.name();
    }

    public static String opName(int op) {
        Op o = Op.fromCode(op);
        return o == null ? (op < 0 ? "?" : "op " + op) : o.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A request status in words: "ok", "EIO", or "error -1234" for a code without a name. */
    public static String statusName(long status) {
        if (status == 0) {
            return "ok";
        }
        String n = status < 0 && status > -4096 ? ERRNO.get((int) -status) : null;
        return n != null ? n : "error " + status;
    }

    /** As {@link #summary(WindowRequests.Span, SessionHeader, boolean)} in a window that reaches the newest event. */
    public static String summary(WindowRequests.Span s, SessionHeader h) {
        return summary(s, h, false);
    }

    /**
     * One line: id, device, operation, size, total time, "outstanding" (or, when the window
     * ends before the newest event, {@code cut}: "goes on after the window, in PHASE"), and
     * how it failed ("failed: EIO", "refused: bad_length (…)").
     */
    public static String summary(WindowRequests.Span s, SessionHeader h, boolean cut) {
        StringBuilder b = new StringBuilder("req ").append(s.req());
        b.append(" · ").append(s.dev() >= 0 ? deviceName(h, s.dev()) : "?").append(' ').append(opName(s.op()));
        if (s.bytes() > 0) {
            b.append(' ').append(s.bytes()).append(" B");
        }
        long total = s.request().totalNs();
        if (total != WindowRequests.ABSENT) {
            b.append(" · ").append(TimeRuler.format(total));
        } else if (!s.done() && !cut) {
            b.append(" · outstanding");
        } else if (!s.done()) {
            Phase now = currentPhase(s);
            b.append(" · goes on after the window").append(now == null ? "" : ", in " + now.label());
        }
        if (s.refusal() != null) {
            b.append(" · refused: ").append(s.refusal().key()).append(" (").append(s.refusal().description())
                    .append(s.refusal().apFault() ? "; a malformed request from the AP" : "").append(')');
            if (s.failed()) {
                b.append(", ").append(statusName(s.status()));
            }
        } else if (s.failed()) {
            b.append(" · failed: ").append(statusName(s.status()));
        }
        if ((s.flags() & RequestFlags.DOORBELL_SUPPRESSED) != 0) {
            b.append(" · doorbell suppressed");
        }
        return b.toString();
    }

    /** As {@link #details(WindowRequests.Span, SessionHeader, boolean)} in a window that reaches the newest event. */
    public static List<String> details(WindowRequests.Span s, SessionHeader h) {
        return details(s, h, false);
    }

    /**
     * The summary, each phase (the analysis's words) with its duration, then each traced
     * point; {@code cut}: the window ends before the newest event.
     */
    public static List<String> details(WindowRequests.Span s, SessionHeader h, boolean cut) {
        List<String> out = new ArrayList<>();
        out.add(summary(s, h, cut));
        Phase current = s.done() ? null : currentPhase(s);
        for (Phase p : Phase.values()) {
            long d = s.phaseNs(p);
            String v = d != WindowRequests.ABSENT ? TimeRuler.format(d)
                    : p == current ? "still there, since " + TimeRuler.formatAt(s.phaseStart(p), 1) : "—";
            out.add(String.format("  %-27s  %s", p.label(), v));
        }
        // points to the ns: absolute times of a long trace read alike at 4 digits
        for (Point p : Point.values()) {
            long t = s.at(p);
            out.add(String.format("  %-27s  %s", p.eventName(), t == WindowRequests.ABSENT ? "—"
                    : TimeRuler.formatAt(t, 1)));
        }
        String flags = RequestFlags.describe(s.flags() & ~RequestFlags.ERROR_STATUS);
        if (!flags.isEmpty()) {
            out.add("  flags: " + flags.replace('|', ' '));
        }
        return out;
    }

    /** The phase an outstanding request is in: the latest one that began and has not ended, or null. */
    static Phase currentPhase(WindowRequests.Span s) {
        Phase[] all = Phase.values();
        for (int i = all.length - 1; i >= 0; i--) {
            if (s.phaseStart(all[i]) != WindowRequests.ABSENT) {
                return s.phaseEnd(all[i]) == WindowRequests.ABSENT ? all[i] : null;
            }
        }
        return null;
    }

    /** Every event of request {@code req} in {@code ev}, one line each, in time order. */
    public static List<String> events(EventColumns ev, long req, SessionHeader h) {
        List<String> out = new ArrayList<>();
        if (ev == null) {
            return out;
        }
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < ev.size(); i++) {
            if (ev.req(i) == req) {
                mine.add(i);
            }
        }
        // decode order is per ring: the two sides' events interleave in time
        mine.sort(java.util.Comparator.comparingLong(ev::ns));
        for (int i : mine) {
            out.add(eventLine(ev, i, h));
        }
        return out;
    }

    public static String eventLine(EventColumns ev, int i, SessionHeader h) {
        EventType t = EventType.byId(ev.type(i));
        String name = t == null ? "type " + ev.type(i) : t.name();
        StringBuilder b = new StringBuilder(TimeRuler.formatAt(ev.ns(i), 1)).append("  src ").append(ev.source(i))
                .append("  ").append(name);
        if (t != null && !t.isBlob()) {
            for (int a = 0; a < Math.min(2, t.argCount()); a++) {
                b.append("  ").append(t.argName(a)).append('=').append(a == 0 ? ev.arg0(i) : ev.arg1(i));
            }
        }
        if (ev.note(i) != null) {
            b.append("  ").append(ev.note(i));
        }
        return b.toString();
    }
}
