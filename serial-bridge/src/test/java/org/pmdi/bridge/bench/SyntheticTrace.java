package org.pmdi.bridge.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.TraceEncoder;

/**
 * Streams shaped like the board's: requests through both sides (REQ_POST, DISPATCH,
 * DRV_BEGIN, DRV_END, REPLY_POST, REQ_DONE), packed into frames as the C drain packs them.
 *
 * <pre>{@code
 * byte[] s = SyntheticTrace.requests(1_000_000);   // 6 000 000 events
 * }</pre>
 */
final class SyntheticTrace {
    static final SessionHeader HEADER = SessionHeader.builder().session(1, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
            .source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 4096)).build();

    private SyntheticTrace() {
    }

    /** Header then {@code requests} (≥ 0) requests of 6 events each. */
    static byte[] requests(int requests) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream(requests * 40 + 1024);
        TraceEncoder enc = TraceEncoder.create(o);
        enc.header(HEADER);
        long t = 1000;
        for (int r = 1; r <= requests; r++) {
            enc.event(0, EventType.REQ_POST.id(), t, r, 2, 1, r & 63, 4096, r * 8L);
            enc.event(1, EventType.DISPATCH.id(), t += 700, r, 1);
            enc.event(1, EventType.DRV_BEGIN.id(), t += 300, r, 2);
            enc.event(1, EventType.DRV_END.id(), t += 40_000, r, 0, 4096);
            enc.event(1, EventType.REPLY_POST.id(), t += 200, r, 0, r & 63);
            enc.event(0, EventType.REQ_DONE.id(), t += 900, r, 0);
            t += 1500;
        }
        enc.flush();
        return o.toByteArray();
    }
}
