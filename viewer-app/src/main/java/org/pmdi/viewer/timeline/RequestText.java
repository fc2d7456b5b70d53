package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Op;
import org.pmdi.trace.SessionHeader;
import org.pmdi.viewer.data.EventColumns;

/**
 * Words for the hover box and the detail pane of one request.
 *
 * <pre>{@code
 * String tip = RequestText.summary(span, header);          // "req 42 · vdb read 4096 B · 1.9 ms"
 * List<String> lines = RequestText.events(events, 42, header);
 * }</pre>
 */
public final class RequestText {
    private static final String[] POINT_NAMES = {"REQ_POST", "doorbell", "DISPATCH", "DRV_BEGIN", "DRV_END",
        "REPLY_POST", "reply doorbell", "REPLY_TAKE", "REQ_DONE"};

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

    /** One line: id, device, operation, size, total time or "outstanding". */
    public static String summary(RequestSpans.Span s, SessionHeader h) {
        StringBuilder b = new StringBuilder("req ").append(s.req());
        b.append(" · ").append(s.dev() >= 0 ? deviceName(h, s.dev()) : "?").append(' ').append(opName(s.op()));
        if (s.len() > 0) {
            b.append(' ').append(s.len()).append(" B");
        }
        long a = s.at(RequestSpans.POST);
        if (s.done() && a != RequestSpans.ABSENT) {
            b.append(" · ").append(TimeRuler.format(s.at(RequestSpans.DONE) - a));
        } else if (!s.done()) {
            b.append(" · outstanding");
        }
        if (s.doorbellSuppressed()) {
            b.append(" · doorbell suppressed");
        }
        return b.toString();
    }

    /** The summary, then each traced point and each phase's duration. */
    public static List<String> details(RequestSpans.Span s, SessionHeader h) {
        List<String> out = new ArrayList<>();
        out.add(summary(s, h));
        long prev = RequestSpans.ABSENT;
        for (int p = 0; p < RequestSpans.POINTS; p++) {
            long t = s.at(p);
            if (t == RequestSpans.ABSENT) {
                out.add(String.format("  %-15s  —", POINT_NAMES[p]));
                continue;
            }
            String d = prev == RequestSpans.ABSENT ? "" : "  (+" + TimeRuler.format(t - prev) + ")";
            out.add(String.format("  %-15s  %s%s", POINT_NAMES[p], TimeRuler.format(t), d));
            prev = t;
        }
        return out;
    }

    /** Every event of request {@code req} in {@code ev}, one line each. */
    public static List<String> events(EventColumns ev, long req, SessionHeader h) {
        List<String> out = new ArrayList<>();
        if (ev == null) {
            return out;
        }
        for (int i = 0; i < ev.size(); i++) {
            if (ev.req(i) == req) {
                out.add(eventLine(ev, i, h));
            }
        }
        return out;
    }

    public static String eventLine(EventColumns ev, int i, SessionHeader h) {
        EventType t = EventType.byId(ev.type(i));
        String name = t == null ? "type " + ev.type(i) : t.name();
        StringBuilder b = new StringBuilder(TimeRuler.format(ev.ns(i))).append("  src ").append(ev.source(i))
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
