package org.pmdi.analysis.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * Traces a buggy AP could make: it writes its own trace ring, so any well-formed record can
 * reach the tools: any type on any ring, any arguments, any request id, time going back,
 * blobs of any size and bytes. The frames are correct on purpose (the decoder's own
 * properties cover broken frames): these records go past it into the analysis and the views.
 *
 * <pre>{@code
 * Path t = HostileTraces.write(dir.resolve("h.pmdt"), seed, 300);   // same seed, same file
 * }</pre>
 */
public final class HostileTraces {
    /** A real board session's header (block, console, null, rng and a NIC), read once. */
    private static final SessionHeader HEADER = header(Path.of("../samples/net-echo.pmdt"));
    private static final EventType[] TYPES = EventType.values();

    private HostileTraces() {
    }

    private static SessionHeader header(Path sample) {
        try (MappedTraceReader r = MappedTraceReader.open(sample)) {
            return r.header();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes {@code records} random records after a real header; the same seed gives the same file. */
    public static Path write(Path file, long seed, int records) throws IOException {
        SessionHeader header = HEADER;
        SplittableRandom rnd = new SplittableRandom(seed);
        try (TraceFileWriter w = TraceFileWriter.create(file); var out = w.asOutputStream()) {
            TraceEncoder enc = TraceEncoder.create(out);
            enc.header(header);
            long tsc = header.startTsc();
            for (int i = 0; i < records; i++) {
                tsc = Math.max(0, tsc + step(rnd));
                int source = rnd.nextInt(4);
                int type = TYPES[rnd.nextInt(TYPES.length)].id();
                long req = rnd.nextInt(25);
                int n = EventType.argCountOf(type);
                if (n >= 0) {
                    long[] args = new long[n];
                    Arrays.setAll(args, k -> value(rnd));
                    enc.event(source, type, tsc, req, args);
                } else {
                    enc.blob(source, type, tsc, req, blob(rnd));
                }
            }
            enc.flush();
        }
        return file;
    }

    /** Mostly forward, sometimes back, sometimes far ahead. */
    private static long step(SplittableRandom rnd) {
        int k = rnd.nextInt(10);
        return k < 8 ? rnd.nextLong(200_000) : k == 8 ? -rnd.nextLong(2_000_000) : rnd.nextLong(1L << 40);
    }

    /** Small values most of the time (they name real devices, ops, rings and ids), any value sometimes. */
    private static long value(SplittableRandom rnd) {
        return rnd.nextInt(7) < 6 ? rnd.nextLong(-3, 300) : rnd.nextLong();
    }

    /** Any size up to the largest blob, the sizes the parsers care about more often. */
    private static byte[] blob(SplittableRandom rnd) {
        int[] edges = {0, 1, 7, 8, 15, 16, 17, 47, 48, 49, EventType.BLOB_MAX};
        int n = rnd.nextInt(4) == 0 ? edges[rnd.nextInt(edges.length)] : rnd.nextInt(EventType.BLOB_MAX + 1);
        byte[] b = new byte[n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(4) : rnd.nextInt(256));
        }
        return b;
    }
}
