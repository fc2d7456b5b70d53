package org.pmdi.viewer.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.pmdi.trace.Device;
import org.pmdi.trace.DeviceClass;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Side;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * Writes a realistic synthetic trace of the data path (FORMAT.md §4.2) until real board
 * traces exist in samples/: an AP kernel on CPU 2 and Linux on CPUs 0 and 1, four devices
 * (vda, vdb, eth0, hwrng), vdb's driver about 40× slower than vda's, doorbells sent or
 * suppressed, clock syncs with a fixed offset, heartbeats, and optionally stuck requests:
 * one that never returned from vdb's driver and one whose doorbell Linux never saw.
 *
 * <pre>{@code
 * SyntheticTrace.Spec s = SyntheticTrace.Spec.small();          // ~20k requests, 2 stuck
 * SyntheticTrace.write(Path.of("t.pmdt"), s);                   // a saved file with index
 * SyntheticTrace.writeStream(out, s);                           // the raw stream, no index
 * }</pre>
 *
 * Deterministic for a given seed. Not demo data for the UI: only tests and benchmarks use it.
 */
public final class SyntheticTrace {
    /** AP TSC = Linux TSC + this. */
    public static final long LINUX_OFFSET = 123_456_789L;
    public static final long TSC_KHZ = 2_500_000;
    public static final int AP = 0;
    public static final int CPU0 = 1;
    public static final int CPU1 = 2;
    public static final int VDA = 0;
    public static final int VDB = 1;
    public static final int ETH0 = 2;
    public static final int RNG = 3;
    /** Request id of the request stuck inside vdb's driver (when the spec has stuck ones). */
    public static final long STUCK_IN_DRIVER_REQ = 0xFFFF_0001L;
    /** Request id of the request whose doorbell Linux never saw. */
    public static final long STUCK_DOORBELL_REQ = 0xFFFF_0002L;

    private SyntheticTrace() {
    }

    /**
     * What to write.
     *
     * @param requests      completed requests to generate
     * @param meanGapNs     mean time between two request posts on the AP
     * @param withStuck     add the two stuck requests
     * @param seed          random seed
     * @param targetBytes   if > 0, keep generating until the stream has this many bytes
     */
    public record Spec(long requests, long meanGapNs, boolean withStuck, long seed, long targetBytes) {
        public static Spec small() {
            return new Spec(20_000, 80_000, true, 42, 0);
        }

        public static Spec healthy() {
            return new Spec(5_000, 20_000, false, 7, 0);
        }

        public static Spec ofBytes(long bytes) {
            return new Spec(Long.MAX_VALUE, 2_000, false, 1, bytes);
        }
    }

    /** The session header written at the start (and used by tests). */
    public static SessionHeader header() {
        return SessionHeader.builder().session(1, 0, 0, 0, 1_700_000_000_000_000_000L).clock(TSC_KHZ, TSC_KHZ)
                .source(Source.of(AP, Side.AP.code(), 2, 2, 4096))
                .source(Source.of(CPU0, Side.LINUX.code(), 0, 0, 4096))
                .source(Source.of(CPU1, Side.LINUX.code(), 1, 1, 4096))
                .device(Device.of(VDA, DeviceClass.BLOCK.code(), 0, 512, 1L << 30, "vda", "virtio_blk"))
                .device(Device.of(VDB, DeviceClass.BLOCK.code(), 0, 512, 1L << 30, "vdb", "virtio_blk"))
                .device(Device.of(ETH0, DeviceClass.NET.code(), 0, 0, 0, "eth0", "virtio_net"))
                .device(Device.of(RNG, DeviceClass.RNG.code(), 0, 0, 0, "hwrng", "virtio_rng"))
                .build();
    }

    /** Writes a saved trace file (index and trailer appended on close). */
    public static void write(Path path, Spec spec) throws IOException {
        try (TraceFileWriter w = TraceFileWriter.create(path);
                OutputStream out = new BufferedOutputStream(w.asOutputStream(), 1 << 16)) {
            writeStream(out, spec);
            out.flush();
        }
    }

    /** Writes the raw stream (what a board sends) to {@code out}. */
    public static void writeStream(OutputStream out, Spec spec) throws IOException {
        new Generator(out, spec).run();
    }

    /** A path's content as a raw stream (for feeding a pty). */
    public static byte[] streamBytes(Spec spec) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        writeStream(b, spec);
        return b.toByteArray();
    }

    /** Pending events, sorted and written per time chunk. */
    private static final class Generator {
        private static final long CHUNK_NS = 1_000_000;
        private static final int AP_IPI_VECTOR = 0xF2;
        private static final int LINUX_IPI_VECTOR = 0xEC;
        private final CountingOut counter;
        private final TraceEncoder enc;
        private final Spec spec;
        private final SplittableRandom rnd;
        private long[] t = new long[1 << 16];
        private int[] src = new int[1 << 16];
        private int[] type = new int[1 << 16];
        private long[] req = new long[1 << 16];
        private long[][] args = new long[1 << 16][];
        private int n;
        private long heartbeat;
        private long nextReq = 1;

        Generator(OutputStream out, Spec spec) throws IOException {
            this.counter = new CountingOut(out);
            this.enc = TraceEncoder.create(counter);
            this.spec = spec;
            this.rnd = new SplittableRandom(spec.seed());
        }

        void add(long ns, int source, EventType ty, long r, long... a) {
            if (n == t.length) {
                int m = n * 2;
                t = Arrays.copyOf(t, m);
                src = Arrays.copyOf(src, m);
                type = Arrays.copyOf(type, m);
                req = Arrays.copyOf(req, m);
                args = Arrays.copyOf(args, m);
            }
            t[n] = ns;
            src[n] = source;
            type[n] = ty.id();
            req[n] = ty.hasReq() ? r : 0;
            args[n] = a;
            n++;
        }

        /** Writes the events before {@code limitNs} in time order, keeps the rest. */
        void emit(long limitNs) throws IOException {
            int k = 0;
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                if (t[i] < limitNs) {
                    keys[k++] = (t[i] << 24) | i;
                }
            }
            Arrays.sort(keys, 0, k);
            boolean[] done = new boolean[n];
            for (int j = 0; j < k; j++) {
                int i = (int) (keys[j] & 0xFFFFFF);
                done[i] = true;
                long tsc = t[i] * TSC_KHZ / 1_000_000;
                if (src[i] != AP) {
                    tsc -= LINUX_OFFSET;
                }
                tsc += 1_000_000_000L;
                enc.event(src[i], type[i], tsc, req[i], args[i]);
            }
            int w = 0;
            for (int i = 0; i < n; i++) {
                if (!done[i]) {
                    t[w] = t[i];
                    src[w] = src[i];
                    type[w] = type[i];
                    req[w] = req[i];
                    args[w] = args[i];
                    w++;
                }
            }
            for (int i = w; i < n; i++) {
                args[i] = null;
            }
            n = w;
        }

        void run() throws IOException {
            enc.header(header());
            long now = 10_000;
            long chunkEnd = CHUNK_NS;
            long posted = 0;
            long lastSync = -10_000_000;
            long linuxBusyUntil = 0;
            long[] driverBusyUntil = new long[4];
            long stuckAtNs = spec.withStuck() ? spec.meanGapNs() * Math.min(spec.requests(), 100_000) * 15 / 100 : -1;
            while (posted < spec.requests() && (spec.targetBytes() == 0 || counter.count < spec.targetBytes())) {
                now += 1 + (long) (-Math.log(1 - rnd.nextDouble()) * spec.meanGapNs());
                while (now >= chunkEnd) {
                    emit(chunkEnd);
                    if (chunkEnd / 100_000_000 != (chunkEnd - CHUNK_NS) / 100_000_000) {
                        enc.header(header());    // repeated, as a board does, for readers joining late
                    }
                    chunkEnd += CHUNK_NS;
                }
                while (heartbeat * 1_000_000 < now) {
                    add(heartbeat * 1_000_000 + 500, AP, EventType.HEARTBEAT, 0, heartbeat);
                    heartbeat++;
                }
                if (now - lastSync >= 10_000_000) {
                    lastSync = now;
                    add(now - 300, CPU0, EventType.CLOCK_SYNC, 0, LINUX_OFFSET, 40, 80);
                    add(now - 250, CPU1, EventType.CLOCK_SYNC, 0, LINUX_OFFSET, 40, 80);
                }
                if (stuckAtNs >= 0 && now >= stuckAtNs) {
                    stuck(now);
                    stuckAtNs = -1;
                    continue;
                }
                int dev = pickDevice();
                request(now, dev, linuxBusyUntil > now, driverBusyUntil);
                linuxBusyUntil = Math.max(linuxBusyUntil, now + 9_000);
                posted++;
            }
            emit(Long.MAX_VALUE);
            enc.flush();
        }

        private int pickDevice() {
            double x = rnd.nextDouble();
            return x < 0.40 ? VDA : x < 0.50 ? VDB : x < 0.85 ? ETH0 : RNG;
        }

        private long driverNs(int dev) {
            double ln = Math.exp(rnd.nextGaussian() * 0.35);
            return switch (dev) {
                case VDA -> (long) (45_000 * ln);
                case VDB -> (long) (1_800_000 * ln);      // throttled disk
                case ETH0 -> (long) (18_000 * ln);
                default -> (long) (9_000 * ln);
            };
        }

        private void request(long t0, int dev, boolean suppress, long[] driverBusy) {
            long r = nextReq++;
            int cpu = (r & 1) == 0 ? CPU0 : CPU1;
            int op = switch (dev) {
                case VDA, VDB -> 1 + (int) (r % 2);
                case ETH0 -> 4 + (int) (r % 2);
                default -> 1; // the RNG's READ of N bytes
            };
            long len = dev == RNG ? 64 : dev == ETH0 ? 1514 : 4096;
            int slot = (int) (r & 63);
            add(t0, AP, EventType.REQ_POST, r, dev, op, slot, len, dev <= VDB ? (r * 8 % 100_000) * 512 : 0);
            long t = t0 + 150;
            if (suppress) {
                add(t, AP, EventType.DOORBELL_SUPPRESS, r, 0, slot);
                t += 3_000 + rnd.nextInt(4_000);
            } else {
                add(t, AP, EventType.DOORBELL_SEND, r, 0, slot);
                t += 3_800 + rnd.nextInt(1_600);
                add(t, cpu, EventType.IPI_RECV, 0, LINUX_IPI_VECTOR);
                t += 400;
            }
            add(t, cpu, EventType.DISPATCH, r, 1);
            t += 1_000 + rnd.nextInt(2_000);
            // the throttled disk accepts a new request only every 150 µs (or at 75 % of its
            // arrival rate when requests come faster): a small, bounded backlog builds
            if (dev == VDB) {
                t = Math.max(t, driverBusy[dev]);
                driverBusy[dev] = t + Math.min(150_000, spec.meanGapNs() * 15 / 2);
            }
            add(t, cpu, EventType.DRV_BEGIN, r, dev);
            t += driverNs(dev);
            add(t, cpu, EventType.DRV_END, r, 0, len);
            t += 600;
            add(t, cpu, EventType.REPLY_POST, r, 0, slot);
            t += 150;
            boolean replySuppress = rnd.nextInt(5) == 0;
            add(t, cpu, replySuppress ? EventType.DOORBELL_SUPPRESS : EventType.DOORBELL_SEND, r, 1, slot);
            t += 3_800 + rnd.nextInt(1_600);
            if (!replySuppress) {
                add(t, AP, EventType.IPI_RECV, 0, AP_IPI_VECTOR);
                t += 300;
            }
            add(t, AP, EventType.REPLY_TAKE, r, slot);
            t += 400;
            add(t, AP, EventType.REQ_DONE, r, 0);
        }

        private void stuck(long t0) {
            // driver never returned: everything up to DRV_BEGIN on vdb, then nothing
            long r = STUCK_IN_DRIVER_REQ;
            add(t0, AP, EventType.REQ_POST, r, VDB, 1, 7, 4096, 4096);
            add(t0 + 150, AP, EventType.DOORBELL_SEND, r, 0, 7);
            add(t0 + 4_000, CPU1, EventType.IPI_RECV, 0, LINUX_IPI_VECTOR);
            add(t0 + 4_400, CPU1, EventType.DISPATCH, r, 1);
            add(t0 + 6_000, CPU1, EventType.DRV_BEGIN, r, VDB);
            // doorbell rung, never seen by Linux
            long r2 = STUCK_DOORBELL_REQ;
            add(t0 + 20_000, AP, EventType.REQ_POST, r2, ETH0, 4, 8, 1514, 0);
            add(t0 + 20_150, AP, EventType.DOORBELL_SEND, r2, 0, 8);
        }
    }

    /** Counts bytes written through it. */
    private static final class CountingOut extends OutputStream {
        private final OutputStream out;
        long count;

        CountingOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Usage: SyntheticTrace OUT.pmdt [BYTES]: writes the small spec, or a trace of about BYTES. */
    public static void main(String[] a) throws IOException {
        Path out = Path.of(a[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Spec s = a.length > 1 ? Spec.ofBytes(Long.parseLong(a[1])) : Spec.small();
        write(out, s);
        System.out.println(out + ": " + Files.size(out) + " bytes");
    }
}
