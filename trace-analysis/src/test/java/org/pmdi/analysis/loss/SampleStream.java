package org.pmdi.analysis.loss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * A sample trace cut into its raw frames (each with its trailing 0x00 delimiter) and the
 * events of each (by the offset the decoder gives each EVENTS frame): the ground truth that
 * damage is measured against, built from the format library only (no analysis code).
 *
 * <pre>{@code
 * SampleStream s = SampleStream.read(Path.of("../samples/healthy.pmdt"));
 * s.frames().get(7).events();   // the records of frame 7 (empty for headers, index, ...)
 * }</pre>
 */
record SampleStream(String name, byte[] lead, List<Frame> frames, SessionHeader header) {
    /** One frame: its bytes (delimiter included) and the events it holds. */
    record Frame(int index, byte[] bytes, List<TraceEvent> events) {
    }

    @SuppressWarnings("unchecked")
    static SampleStream read(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        int start = 0;
        while (start < b.length && b[start] == 0) {
            start++;
        }
        byte[] lead = java.util.Arrays.copyOf(b, start);
        List<Integer> starts = new ArrayList<>();
        for (int i = start; i < b.length; i++) {
            if (b[i] == 0) {
                starts.add(start);
                start = i + 1;
            }
        }
        // one pass of the format's decoder; each EVENTS frame says where it starts
        Map<Long, List<TraceEvent>> byOffset = new HashMap<>();
        SessionHeader[] header = new SessionHeader[1];
        List<TraceEvent>[] current = new List[1];
        TraceVisitor items = TraceItems.visitor(it -> {
            if (it instanceof TraceEvent e) {
                current[0].add(e);
            } else if (it instanceof SessionHeader h && header[0] == null) {
                header[0] = h;
            }
        });
        StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
            @Override
            public void onEventsFrame(int source, long seq, long offset) {
                current[0] = byOffset.computeIfAbsent(offset, k -> new ArrayList<>());
            }

            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                items.onEvent(source, seq, type, tsc, req, args, nargs);
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                items.onBlob(source, seq, type, tsc, req, buf, off, len);
            }

            @Override
            public void onHeader(SessionHeader h) {
                items.onHeader(h);
            }
        });
        d.push(b, 0, b.length);
        d.finish();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i);
            int to = i + 1 < starts.size() ? starts.get(i + 1) : start; // start: after the last delimiter
            List<TraceEvent> ev = byOffset.getOrDefault((long) from, List.of());
            frames.add(new Frame(i, java.util.Arrays.copyOfRange(b, from, to), List.copyOf(ev)));
        }
        String name = p.getFileName().toString().replace(".pmdt", "");
        return new SampleStream(name, lead, List.copyOf(frames), header[0]);
    }

    /** True when the session header says {@code source} is an AP ring. */
    boolean isAp(int source) {
        Source s = header == null ? null : header.source(source);
        return s != null && s.sideEnum() == Side.AP;
    }

    int size() {
        int n = lead.length;
        for (Frame f : frames) {
            n += f.bytes().length;
        }
        return n;
    }
}
