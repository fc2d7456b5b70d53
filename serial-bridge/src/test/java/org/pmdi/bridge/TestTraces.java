package org.pmdi.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.codec.TraceEncoder;

/** Synthetic trace streams for the bridge's tests. */
public final class TestTraces {
    private TestTraces() {
    }

    /** Two sources (AP 0, Linux 1); 1 cycle = 1 ns (1 GHz). */
    public static final SessionHeader HEADER = SessionHeader.builder().session(4242, 0, 0, 0, 0)
            .clock(1_000_000, 1_000_000).source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 4096))
            .device(Device.of(2, 2, 0, 512, 1 << 20, "vda", "virtio_blk")).build();

    /**
     * {@code requests} requests, each REQ_POST, DISPATCH, DRV_BEGIN, DRV_END, REPLY_POST (Linux,
     * source 1) and REQ_DONE (AP, source 0): 6 events per request, {@code stepNs} apart.
     */
    public static List<TraceEvent> requests(int requests, long stepNs) {
        List<TraceEvent> out = new ArrayList<>();
        long[] seq = new long[2];
        long t = 1_000;
        for (int r = 1; r <= requests; r++) {
            out.add(TraceEvent.fixed(0, seq[0]++, EventType.REQ_POST.id(), t, r, 2, 1, r % 64, 4096, r * 8L));
            out.add(TraceEvent.fixed(1, seq[1]++, EventType.DISPATCH.id(), t += stepNs, r, 1));
            out.add(TraceEvent.fixed(1, seq[1]++, EventType.DRV_BEGIN.id(), t += stepNs, r, 2));
            out.add(TraceEvent.fixed(1, seq[1]++, EventType.DRV_END.id(), t += stepNs, r, 0, 4096));
            out.add(TraceEvent.fixed(1, seq[1]++, EventType.REPLY_POST.id(), t += stepNs, r, 0, r % 64));
            out.add(TraceEvent.fixed(0, seq[0]++, EventType.REQ_DONE.id(), t += stepNs, r, 0));
            t += stepNs;
        }
        return out;
    }

    /** The events grouped by source, each in stream order (sources interleave by frame on the wire). */
    public static java.util.Map<Integer, List<TraceEvent>> bySource(List<TraceEvent> events) {
        java.util.Map<Integer, List<TraceEvent>> m = new java.util.TreeMap<>();
        for (TraceEvent e : events) {
            m.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

    /** Header, then the events, then every frame sealed. */
    public static byte[] stream(List<TraceEvent> events) {
        return TraceEncoder.encode(HEADER, events);
    }

    /** Each event in a frame of its own (every frame sealed at once), header first. */
    public static byte[] framePerEvent(List<TraceEvent> events) {
        try {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            TraceEncoder enc = TraceEncoder.create(o);
            enc.header(HEADER);
            for (TraceEvent e : events) {
                enc.event(e);
                enc.flush();
            }
            return o.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
