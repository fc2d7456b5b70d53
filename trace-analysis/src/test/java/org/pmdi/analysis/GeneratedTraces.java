package org.pmdi.analysis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.pmdi.analysis.synth.EthernetFrames;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.analysis.synth.TraceScript;
import org.pmdi.trace.LogLevel;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * Deterministic generated traces for the tests, written as saved files (index + trailer).
 *
 * <pre>{@code
 * Path p = GeneratedTraces.write(dir.resolve("x.pmdt"), 7, s -> GeneratedTraces.healthy(s, 200, 7));
 * }</pre>
 */
public final class GeneratedTraces {
    /** Cycles at 2.5 GHz per µs. */
    public static final long US = 2_500;

    private GeneratedTraces() {
    }

    /** The body of a trace. */
    @FunctionalInterface
    public interface Body {
        void write(TraceScript s) throws IOException;
    }

    public static Path write(Path file, long seed, Body body) throws IOException {
        return write(file, seed, null, body);
    }

    public static Path write(Path file, long seed, byte[] buildId, Body body) throws IOException {
        try (TraceFileWriter w = TraceFileWriter.create(file);
                OutputStream out = new BufferedOutputStream(w.asOutputStream(), 1 << 16)) {
            TraceScript s = TraceScript.create(out, seed).header(0x5eed0000L + seed, TraceScript.defaultDevices(),
                    buildId);
            body.write(s);
            s.finish();
        }
        return file;
    }

    /** Driver time of a healthy device (cycles). */
    public static long driverCycles(int dev, SplittableRandom rnd) {
        return switch (dev) {
            case 0 -> 1 * US + rnd.nextInt((int) US);
            case 1, 2 -> 40 * US + rnd.nextInt((int) (20 * US));
            default -> 15 * US + rnd.nextInt((int) (10 * US));
        };
    }

    /** {@code n} healthy requests round-robin over the four default devices. */
    public static void healthy(TraceScript s, int n, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int dev = i % 4;
            s.request(dev, dev == 3 ? 4 : 1 + (i / 4) % 2, dev == 0 ? 0 : 4096, driverCycles(dev, rnd), StopAt.NONE);
        }
    }

    /** Like healthy, but vdb (device 2) takes {@code factor} times longer in its driver. */
    public static void slowVdb(TraceScript s, int n, long seed, int factor) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int dev = i % 4;
            long drv = driverCycles(dev, rnd) * (dev == 2 ? factor : 1);
            s.request(dev, dev == 3 ? 4 : 1, dev == 0 ? 0 : 4096, drv, StopAt.NONE);
        }
    }

    /**
     * Healthy traffic with the Linux module's LOG records: a warning and an AP error (not
     * findings), two other Linux errors, then Linux declares the request channel broken.
     */
    public static void channelBroken(TraceScript s) throws IOException {
        int err = LogLevel.ERR.code();
        healthy(s, 40, 21);
        s.log(true, LogLevel.WARN.code(), "pmdi: doorbell storm from the AP, 5000 in 1 ms");
        s.log(true, err, "pmdi: vdb: request 17 failed: -5 (EIO)");
        s.log(false, err, "ap: channel broken: not Linux's word, the AP's own log");
        healthy(s, 20, 22);
        s.log(true, err, "pmdi: vdb: request 33 failed: -5 (EIO)\n");
        s.log(true, err, "channel broken: the AP's request ring index is impossible\n");
        s.idle(200_000_000L);
    }

    /** The AP's MAC and the gateway's, as on the board's AP network. */
    public static final long AP_MAC = 0x525400504d41L;
    public static final long GW_MAC = 0x525400123502L;

    /** A UDP datagram of {@code payload} bytes from the host to the AP's echo port 7. */
    public static byte[] toAp(int payload) {
        return EthernetFrames.udp(GW_MAC, AP_MAC, 0x0a000202, 0x0a00020f, 40000, 7, payload);
    }

    /** The AP's echo of {@link #toAp}. */
    public static byte[] fromAp(int payload) {
        return EthernetFrames.udp(AP_MAC, GW_MAC, 0x0a00020f, 0x0a000202, 7, 40000, payload);
    }

    /**
     * {@code n} UDP echoes on eth0 (device 3): the AP posts a receive buffer, the datagram
     * fills it after {@code waitNs} (a wait that is not latency), the AP echoes it with a
     * SEND; 96-byte snap.
     */
    public static void netEcho(TraceScript s, int n, long waitNs) throws IOException {
        for (int i = 0; i < n; i++) {
            int payload = 1 + i * 37 % 1472;
            long r = s.postRecv(3, 1514);
            s.idle(waitNs);
            s.frameArrives(r, 3, toAp(payload), 96, true);
            s.send(3, fromAp(payload), 96, 20 * US, StopAt.NONE);
        }
    }

    /** 100 healthy requests, one on vdb that stops at {@code stop}, 100 more, then 1.5 s idle. */
    public static void oneStuck(TraceScript s, StopAt stop) throws IOException {
        healthy(s, 100, 1);
        s.request(2, 1, 4096, 0, stop);
        healthy(s, 100, 2);
        s.idle(1_500_000_000L);
    }
}
