package org.pmdi.trace.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * Decode-rate benchmark: writes a realistic trace file (the data path of FORMAT.md §4.2 for
 * four devices, an AP source and two Linux CPUs, a few µs between events at 2.5 GHz), then
 * decodes it from the memory mapping on one thread, with a plain byte-sum scan of the same
 * mapping as the baseline.
 *
 * <pre>{@code
 * java -cp trace-format/target/classes org.pmdi.trace.bench.DecodeBench [--events N] [--file PATH] [--keep]
 * }</pre>
 *
 * Prints {@code key=value} lines: decode_events_per_s, decode_mb_per_s, scan_mb_per_s,
 * decode_vs_scan, bytes_per_event, events, file_bytes.
 */
public final class DecodeBench {
    private static final long KHZ = 2_500_000;

    private DecodeBench() {
    }

    public static void main(String[] args) throws IOException {
        long events = 10_000_000;
        Path file = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("usage: DecodeBench [--events N] [--file PATH] [--keep]");
                    System.exit(2);
                }
            }
        }
        if (file == null) {
            file = Files.createTempFile("pmdi-bench", ".pmdt");
        } else {
            keep = true;
        }
        try {
            long t0 = System.nanoTime();
            long written = generate(file, events);
            System.out.printf(Locale.ROOT, "generate_s=%.2f%n", (System.nanoTime() - t0) / 1e9);
            run(file, written);
        } finally {
            if (!keep) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Writes about {@code target} events; returns the number written. */
    static long generate(Path file, long target) throws IOException {
        SessionHeader.builder();
        SessionHeader h = SessionHeader.builder().session(0x5eed, 0, 1_000_000_000L, 0, 0).clock(KHZ, KHZ)
                .source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 8192))
                .source(Source.of(2, 1, 2, 2, 8192))
                .device(Device.of(0, 2, 0, 512, 1L << 30, "vda", "virtio_blk"))
                .device(Device.of(1, 2, 0, 512, 1L << 28, "vdb", "virtio_blk"))
                .device(Device.of(2, 3, 0, 0, 0, "eth0", "virtio_net"))
                .device(Device.of(3, 4, 0, 0, 0, "hwrng", "virtio_rng")).build();
        SplittableRandom rnd = new SplittableRandom(42);
        long n = 0;
        try (TraceFileWriter w = TraceFileWriter.create(file);
                OutputStream out = new BufferedOutputStream(w.asOutputStream(), 1 << 16)) {
            TraceEncoder enc = TraceEncoder.create(out);
            enc.header(h);
            long t = 3_000_000_000L;
            long req = 0;
            long hb = 0;
            enc.event(1, EventType.CLOCK_SYNC.id(), t, 0, -1_000_000, 2200, 4400);
            enc.event(2, EventType.CLOCK_SYNC.id(), t, 0, -1_000_000, 2200, 4400);
            while (n < target) {
                req++;
                int dev = rnd.nextInt(4);
                int op = dev < 2 ? 1 + rnd.nextInt(2) : 4;
                int slot = (int) (req & 63);
                int lx = 1 + (int) (req & 1);
                long len = dev < 2 ? 4096L << rnd.nextInt(4) : 64 + rnd.nextInt(1400);
                enc.event(0, EventType.REQ_POST.id(), t += step(rnd), req, dev, op, slot, len, rnd.nextLong(1L << 30) & ~511L);
                boolean suppress = rnd.nextInt(4) == 0;
                enc.event(0, suppress ? EventType.DOORBELL_SUPPRESS.id() : EventType.DOORBELL_SEND.id(), t += step(rnd), req, 0, slot);
                long tl = t + step(rnd) + 1_000_000;
                if (!suppress) {
                    enc.event(lx, EventType.IPI_RECV.id(), tl, 0, 0xf0);
                }
                enc.event(lx, EventType.DISPATCH.id(), tl += step(rnd), req, 1);
                enc.event(lx, EventType.DRV_BEGIN.id(), tl += step(rnd), req, dev);
                long drv = dev == 1 ? 8 * step(rnd) : step(rnd);
                enc.event(lx, EventType.DRV_END.id(), tl += drv, req, 0, len);
                enc.event(lx, EventType.REPLY_POST.id(), tl += step(rnd), req, 0, slot);
                enc.event(lx, EventType.DOORBELL_SEND.id(), tl += step(rnd), req, 1, slot);
                t = tl - 1_000_000 + step(rnd);
                enc.event(0, EventType.IPI_RECV.id(), t, 0, 0xf1);
                enc.event(0, EventType.REPLY_TAKE.id(), t += step(rnd), req, slot);
                enc.event(0, EventType.REQ_DONE.id(), t += step(rnd), req, 0);
                n += suppress ? 10 : 11;
                if ((req & 1023) == 0) {
                    enc.event(0, EventType.HEARTBEAT.id(), t += step(rnd), 0, ++hb);
                    enc.event(lx, EventType.CLOCK_SYNC.id(), tl, 0, -1_000_000 + rnd.nextInt(50), 2200, 4400);
                    n += 2;
                }
            }
            enc.flush();
        }
        return n;
    }

    private static long step(SplittableRandom rnd) {
        return 2_500 + rnd.nextInt(10_000);
    }

    /** Counts events and folds their fields so the work cannot be optimised away. */
    private static final class Counter implements TraceVisitor {
        long events;
        long fold;

        @Override
        public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
            events++;
            fold += tsc ^ req ^ type ^ (nargs > 0 ? args[0] : 0);
        }

        @Override
        public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            events++;
            fold += tsc ^ len;
        }
    }

    static void run(Path file, long written) throws IOException {
        try (MappedTraceReader r = MappedTraceReader.open(file)) {
            long bytes = r.index().dataEnd();
            byte[] chunk = new byte[1 << 16];
            double bestDecode = Double.MAX_VALUE;
            double bestScan = Double.MAX_VALUE;
            long decoded = 0;
            long sink = 0;
            DecodeStats stats = null;
            for (int it = 0; it < 8; it++) {
                long t0 = System.nanoTime();
                Counter c = new Counter();
                stats = r.read(c);
                double s = (System.nanoTime() - t0) / 1e9;
                decoded = c.events;
                sink += c.fold;
                long t1 = System.nanoTime();
                long sum = 0;
                for (long o = 0; o < bytes; o += chunk.length) {
                    int n = (int) Math.min(chunk.length, bytes - o);
                    r.copy(o, chunk, n);
                    for (int i = 0; i < n; i++) {
                        sum += chunk[i];
                    }
                }
                double s2 = (System.nanoTime() - t1) / 1e9;
                sink += sum;
                if (it >= 3) {
                    bestDecode = Math.min(bestDecode, s);
                    bestScan = Math.min(bestScan, s2);
                }
            }
            double mb = bytes / 1e6;
            System.out.printf(Locale.ROOT, "events=%d%n", decoded);
            System.out.printf(Locale.ROOT, "file_bytes=%d%n", r.size());
            System.out.printf(Locale.ROOT, "bytes_per_event=%.2f%n", (double) bytes / decoded);
            System.out.printf(Locale.ROOT, "decode_events_per_s=%.0f%n", decoded / bestDecode);
            System.out.printf(Locale.ROOT, "decode_mb_per_s=%.1f%n", mb / bestDecode);
            System.out.printf(Locale.ROOT, "scan_mb_per_s=%.1f%n", mb / bestScan);
            System.out.printf(Locale.ROOT, "decode_vs_scan=%.3f%n", bestScan / bestDecode);
            System.out.printf(Locale.ROOT, "corrupt=%d lost=%d sink=%d written=%d%n", stats.corrupt(),
                    stats.lostInTransport() + stats.lostInRing(), sink & 1, written);
        }
    }
}
