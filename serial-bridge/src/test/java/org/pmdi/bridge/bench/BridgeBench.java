package org.pmdi.bridge.bench;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeOptions;
import org.pmdi.bridge.BridgeState;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.bridge.feed.Delivery;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.transport.SerialTransport;
import org.pmdi.trace.EventType;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.codec.TraceEncoder;

/**
 * The bridge's figures ({@code ./pmdi bench bridge}), through a socat pty pair read by
 * jSerialComm, all in one run:
 * <ul>
 * <li>a raw copy of the pty (read and count, no decoding), MB/s;</li>
 * <li>decode + record + live feed through the same kind of pty, MB/s and events/s;</li>
 * <li>latency from an event written into the pty to its delivery on the live feed, p50 and
 * p99 (HdrHistogram), events written one frame at a time at a steady rate.</li>
 * </ul>
 *
 * <pre>{@code
 * java -cp ... org.pmdi.bridge.bench.BridgeBench [requests (default 1 000 000)] [latency events (default 4000)]
 * }</pre>
 *
 * Prints figures; asserts nothing.
 */
public final class BridgeBench {
    private static final int CHUNK = 1 << 16;

    private BridgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int latencyEvents = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        Path dir = Files.createTempDirectory("pmdi-bench-bridge");
        try {
            byte[] stream = SyntheticTrace.requests(requests);
            long events = requests * 6L;
            System.out.printf(Locale.ROOT, "# serial-bridge through a socat pty pair: %d events, %.1f MB (%.2f B/event)%n",
                    events, stream.length / 1e6, stream.length / (double) events);
            // warm-up (JIT) on a smaller run of each
            byte[] warm = SyntheticTrace.requests(Math.min(requests, 100_000));
            rawCopy(dir, warm);
            decodeRecord(dir, warm, Math.min(requests, 100_000) * 6L);
            double raw = rawCopy(dir, stream);
            double[] dec = decodeRecord(dir, stream, events);
            System.out.printf(Locale.ROOT, "raw copy of the pty (jSerialComm read, no decode):   %7.1f MB/s%n", raw);
            System.out.printf(Locale.ROOT, "decode + record + live feed through the pty:       %7.1f MB/s, %.2f M events/s (%.0f%% of raw)%n",
                    dec[0], dec[1] / 1e6, 100 * dec[0] / raw);
            latency(dir, latencyEvents);
            System.out.println("# load average during the run (1/5/15 min; 2 cores shared): " + loadAverage());
        } finally {
            try (var s = Files.list(dir)) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** MB/s of reading the pty with jSerialComm and counting bytes. */
    private static double rawCopy(Path dir, byte[] stream) throws Exception {
        try (PtyPair p = PtyPair.start(dir)) {
            SerialPort port = SerialPort.getCommPort(p.readEnd().toString());
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
            if (!port.openPort()) {
                throw new IOException("cannot open " + p.readEnd());
            }
            try {
                AtomicLong got = new AtomicLong();
                Thread reader = new Thread(() -> {
                    byte[] buf = new byte[CHUNK];
                    long n = 0;
                    while (n < stream.length) {
                        int k = port.readBytes(buf, buf.length);
                        if (k < 0) {
                            break;
                        }
                        n += k;
                        got.set(n);
                    }
                }, "pmdi-bench-raw");
                reader.start();
                long t0 = System.nanoTime();
                write(p.writeEnd(), stream);
                reader.join(120_000);
                long ns = System.nanoTime() - t0;
                if (got.get() != stream.length) {
                    throw new IOException("raw copy got " + got.get() + " of " + stream.length + " bytes");
                }
                return stream.length / (ns / 1e9) / 1e6;
            } finally {
                port.closePort();
            }
        }
    }

    /** {MB/s, events/s} through a bridge that decodes, records and feeds one subscriber. */
    private static double[] decodeRecord(Path dir, byte[] stream, long events) throws Exception {
        Path rec = dir.resolve("bench.pmdt");
        try (PtyPair p = PtyPair.start(dir)) {
            LiveFeed feed = LiveFeed.create();
            AtomicLong seen = new AtomicLong();
            try (Delivery d = feed.subscribe("bench", 1 << 20, x -> seen.incrementAndGet());
                    Bridge b = Bridge.start(SerialTransport.of(p.readEnd(), 115200),
                            BridgeOptions.defaults().withRecording(rec), feed)) {
                waitConnected(b);
                long t0 = System.nanoTime();
                write(p.writeEnd(), stream);
                long deadline = t0 + 120_000_000_000L;
                while (b.stats().events() < events && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(200_000);
                }
                long ns = System.nanoTime() - t0;
                BridgeStats s = b.stats();
                if (s.events() != events) {
                    throw new IOException("decode run got " + s.events() + " of " + events + " events: " + s);
                }
                if (events > 1_000_000) {
                    System.out.printf(Locale.ROOT, "  (corrupt %d, lost %d, feed delivered %d, dropped %d, recorded %.1f MB)%n",
                            s.corrupt(), s.lost(), seen.get(), d.subscription().dropped(), s.recordedBytes() / 1e6);
                }
                return new double[] {stream.length / (ns / 1e9) / 1e6, events / (ns / 1e9)};
            }
        }
    }

    private static void latency(Path dir, int n) throws Exception {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        try (PtyPair p = PtyPair.start(dir)) {
            LiveFeed feed = LiveFeed.create();
            AtomicLong count = new AtomicLong();
            AtomicLong warmup = new AtomicLong(500);
            try (Delivery d = feed.subscribe("latency", 1 << 16, x -> {
                long now = System.nanoTime();
                if (x instanceof TraceEvent e) {
                    if (warmup.getAndDecrement() <= 0) {
                        h.recordValue(Math.max(0, now - e.tsc()));
                    }
                    count.incrementAndGet();
                }
            }); Bridge b = Bridge.start(SerialTransport.of(p.readEnd(), 115200),
                    BridgeOptions.defaults().withRecording(dir.resolve("latency.pmdt")), feed)) {
                waitConnected(b);
                int total = n + 500;
                long periodNs = 500_000;
                try (OutputStream o = new FileOutputStream(p.writeEnd().toFile())) {
                    ByteArrayOutputStream frame = new ByteArrayOutputStream(64);
                    TraceEncoder enc = TraceEncoder.create(frame);
                    o.write(frame.toByteArray());
                    long next = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        frame.reset();
                        enc.event(0, EventType.HEARTBEAT.id(), System.nanoTime(), 0, i);
                        enc.flush();
                        o.write(frame.toByteArray());
                        next += periodNs;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (count.get() < total && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                System.out.printf(Locale.ROOT, "# latency: event written into the pty -> delivered on the live feed "
                        + "(%d events, one frame each, every %.1f ms, recording on)%n", h.getTotalCount(), periodNs / 1e6);
                System.out.printf(Locale.ROOT, "p50 %.3f ms   p99 %.3f ms   p99.9 %.3f ms   max %.3f ms   (target p99 <= 20 ms)%n",
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                        h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
                if (count.get() < total) {
                    System.out.printf("  (only %d of %d events arrived: %s)%n", count.get(), total, b.stats());
                }
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void write(Path pty, byte[] stream) throws IOException {
        try (OutputStream o = new FileOutputStream(pty.toFile())) {
            for (int i = 0; i < stream.length; i += CHUNK) {
                o.write(stream, i, Math.min(CHUNK, stream.length - i));
            }
        }
    }

    private static void waitConnected(Bridge b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (b.stats().state() != BridgeState.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bridge did not connect: " + b.stats());
            }
            Thread.sleep(5);
        }
    }
}
