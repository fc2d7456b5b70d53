package org.pmdi.trace.codec;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.TraceEvent;

/** Generators of events and encoded streams for property tests. */
public final class TestStreams {
    private TestStreams() {
    }

    public static final SessionHeader HEADER = SessionHeader.builder().session(77, 0, 0, 0, 0)
            .clock(1_000_000, 1_000_000).source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 0, 0, 0, 4096))
            .source(Source.of(2, 0, 2, 2, 4096)).source(Source.of(3, 0, 3, 3, 4096)).build();

    /** One event spec: source, type, tsc step, req, args or blob (seq assigned later). */
    public record Spec(int source, int type, long step, long req, long[] args, byte[] blob) {
    }

    public static Arbitrary<Spec> specs() {
        Arbitrary<EventType> types = Arbitraries.of(EventType.values());
        Arbitrary<Long> anyLong = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 300),
                Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        return Combinators.combine(Arbitraries.integers().between(0, 3), types,
                Arbitraries.oneOf(Arbitraries.longs().between(0, 20_000), Arbitraries.longs().between(0, 1L << 40)),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 5), Arbitraries.longs().between(0, 0xffffffffL)),
                anyLong.array(long[].class).ofSize(5), Arbitraries.bytes().array(byte[].class).ofMaxSize(192))
                .as((s, t, step, req, args, blob) -> new Spec(s, t.id(), step, req,
                        java.util.Arrays.copyOf(args, t.argCount()), t.isBlob() ? blob : new byte[0]));
    }

    /** The events the specs describe, with per-source seqs and TSCs (no-req types get req 0). */
    public static List<TraceEvent> events(List<Spec> specs) {
        long[] seq = new long[256];
        long[] tsc = new long[256];
        List<TraceEvent> out = new ArrayList<>();
        for (Spec s : specs) {
            tsc[s.source()] += s.step();
            long req = EventType.hasReqOf(s.type()) ? s.req() : 0;
            out.add(new TraceEvent(s.source(), seq[s.source()]++, s.type(), tsc[s.source()], req, s.args(), s.blob()));
        }
        return out;
    }

    /** A stream: header then the events. */
    public static byte[] encode(List<TraceEvent> events) {
        return TraceEncoder.encode(HEADER, events);
    }
}
