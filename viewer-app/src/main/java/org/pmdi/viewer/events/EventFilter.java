package org.pmdi.viewer.events;

import java.util.Arrays;
import java.util.Locale;
import org.pmdi.trace.SessionHeader;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.timeline.RequestText;
import org.pmdi.viewer.timeline.WindowRequests;

/**
 * Filters of the event table: by device (through the event's request), event type, request
 * id and free text (matched against the rendered line, case-insensitive).
 *
 * <pre>{@code
 * EventFilter f = EventFilter.all().withDevice(1).withText("drv_end");
 * int[] rows = f.apply(events, spans, header, 100_000);
 * }</pre>
 *
 * Immutable. {@code device} -1, {@code type} 0 and {@code req} 0 mean "any"; text "" matches all.
 */
public record EventFilter(int device, int type, long req, String text) {
    public EventFilter {
        text = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    public static EventFilter all() {
        return new EventFilter(-1, 0, 0, "");
    }

    public EventFilter withDevice(int d) {
        return new EventFilter(d, type, req, text);
    }

    public EventFilter withType(int t) {
        return new EventFilter(device, t, req, text);
    }

    public EventFilter withReq(long r) {
        return new EventFilter(device, type, r, text);
    }

    public EventFilter withText(String t) {
        return new EventFilter(device, type, req, t);
    }

    /** Indices of matching events, in order, at most {@code max}. */
    public int[] apply(EventColumns ev, WindowRequests spans, SessionHeader h, int max) {
        int[] out = new int[Math.min(max, Math.max(16, ev.size()))];
        int n = 0;
        for (int i = 0; i < ev.size() && n < max; i++) {
            if (type != 0 && ev.type(i) != type) {
                continue;
            }
            if (req != 0 && ev.req(i) != req) {
                continue;
            }
            if (device >= 0) {
                WindowRequests.Span s = spans == null || ev.req(i) == 0 ? null : spans.get(ev.req(i));
                if (s == null || s.dev() != device) {
                    continue;
                }
            }
            if (!text.isEmpty() && !RequestText.eventLine(ev, i, h).toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.min(max, out.length * 2));
            }
            out[n++] = i;
        }
        return Arrays.copyOf(out, n);
    }
}
