package org.pmdi.analysis.loss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceItems;

/**
 * A sample trace cut into its raw frames (each with its trailing 0x00 delimiter), every
 * frame decoded on its own: the ground truth that damage is measured against, built from
 * the format library only (no analysis code).
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

    static SampleStream read(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        List<Frame> frames = new ArrayList<>();
        SessionHeader header = null;
        int start = 0;
        while (start < b.length && b[start] == 0) {
            start++;
        }
        byte[] lead = java.util.Arrays.copyOf(b, start);
        for (int i = start; i < b.length; i++) {
            if (b[i] == 0) {
                byte[] f = java.util.Arrays.copyOfRange(b, start, i + 1);
                List<TraceEvent> ev = new ArrayList<>();
                byte[] framed = new byte[f.length + 1];
                System.arraycopy(f, 0, framed, 1, f.length);
                for (TraceItem it : TraceItems.decodeAll(framed)) {
                    if (it instanceof TraceEvent e) {
                        ev.add(e);
                    }
                }
                frames.add(new Frame(frames.size(), f, List.copyOf(ev)));
                start = i + 1;
            }
        }
        for (TraceItem it : TraceItems.decodeAll(b)) {
            if (it instanceof SessionHeader h && header == null) {
                header = h;
            }
        }
        String name = p.getFileName().toString().replace(".pmdt", "");
        return new SampleStream(name, lead, List.copyOf(frames), header);
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
