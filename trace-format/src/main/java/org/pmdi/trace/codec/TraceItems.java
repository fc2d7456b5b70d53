package org.pmdi.trace.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

/**
 * The convenient, allocating side of decoding: {@link TraceItem} objects instead of
 * primitive callbacks.
 *
 * <pre>{@code
 * List<TraceItem> items = TraceItems.decodeAll(bytes);
 * StreamDecoder d = StreamDecoder.create(TraceItems.visitor(item -> queue.add(item)));
 * }</pre>
 */
public final class TraceItems {
    private TraceItems() {
    }

    /** A visitor turning each event, header and gap into an item for {@code sink} (not null). */
    public static TraceVisitor visitor(Consumer<? super TraceItem> sink) {
        if (sink == null) {
            throw new IllegalArgumentException("sink must not be null");
        }
        return new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                sink.accept(new TraceEvent(source, seq, type, tsc, req, java.util.Arrays.copyOf(args, nargs),
                        new byte[0]));
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                sink.accept(new TraceEvent(source, seq, type, tsc, req, new long[0],
                        java.util.Arrays.copyOfRange(buf, off, off + len)));
            }

            @Override
            public void onHeader(SessionHeader header) {
                sink.accept(header);
            }

            @Override
            public void onGap(GapMark gap) {
                sink.accept(gap);
            }

            @Override
            public void onBadFrame(boolean unknownKind, long offset) {
                sink.accept(new BadFrame(unknownKind, offset));
            }
        };
    }

    /** Decodes a whole stream (not null) into items, in stream order. */
    public static List<TraceItem> decodeAll(byte[] stream) {
        List<TraceItem> out = new ArrayList<>();
        StreamDecoder d = StreamDecoder.create(visitor(out::add));
        d.push(stream, 0, stream.length);
        d.finish();
        return out;
    }
}
