package org.pmdi.analysis.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import org.pmdi.trace.BuildId;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.LogMessage;
import org.pmdi.trace.NetFrame;
import org.pmdi.trace.Op;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.SessionHeaderBuilder;
import org.pmdi.trace.Source;
import org.pmdi.trace.codec.TraceEncoder;

/**
 * Writes realistic synthetic traces that follow the data path of FORMAT.md §4.2 on both
 * sides: an AP ring (source 0) and two Linux CPU rings (sources 1, 2) whose TSC differs
 * from the AP's by a fixed offset announced in CLOCK_SYNC records (AP = Linux + offset),
 * heartbeats, and optional trouble (stuck, failed and refused requests, overflows, faults, a
 * silent AP, LOG records such as Linux's "channel broken: ...").
 *
 * <pre>{@code
 * TraceScript s = TraceScript.create(out, 42).header(0x5eed, TraceScript.defaultDevices(), null);
 * for (int i = 0; i < 1000; i++) s.request(i % 4, 1, 4096, 20_000, StopAt.NONE);
 * s.request(3, 1, 4096, 0, StopAt.IN_DRIVER).idle(5_000_000_000L).finish();
 * }</pre>
 *
 * The AP TSC runs at 2.5 GHz ({@link #KHZ}). Requests run one after another (with random
 * gaps of 1–5 µs between steps); {@link #idle} advances time with heartbeats and clock
 * syncs unless the AP was made silent. Not thread-safe.
 */
public final class TraceScript {
    /** TSC frequency of both sides (kHz). */
    public static final long KHZ = 2_500_000;
    /** AP TSC = Linux TSC + OFFSET. */
    public static final long OFFSET = 1_000_000;
    private static final long SECOND = KHZ * 1000;

    private final TraceEncoder enc;
    private final SplittableRandom rnd;
    private long t;
    private long req;
    private long hb;
    private long lastHeartbeat;
    private long lastSync;
    private boolean apSilent;
    private boolean suppressSome = true;
    private long syncError;

    private TraceScript(TraceEncoder enc, long seed, long startTsc) {
        this.enc = enc;
        this.rnd = new SplittableRandom(seed);
        this.t = startTsc;
    }

    /** A script writing to {@code out} (not null) with random seed {@code seed}. */
    public static TraceScript create(OutputStream out, long seed) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        return new TraceScript(TraceEncoder.create(out), seed, 3_000_000_000L);
    }

    /** null (null), vda and vdb (virtio_blk), eth0 (virtio_net): ids 0..3. */
    public static Device[] defaultDevices() {
        return new Device[] {Device.of(0, 0, 0, 0, 0, "null", "pmdi"),
            Device.of(1, 2, 0, 512, 1L << 30, "vda", "virtio_blk"),
            Device.of(2, 2, 0, 512, 1L << 28, "vdb", "virtio_blk"), Device.of(3, 3, 0, 0, 0, "eth0", "virtio_net")};
    }

    /** Writes a session header with these devices and optional AP kernel build id (20 bytes). */
    public TraceScript header(long sessionId, Device[] devices, byte[] apBuildId) throws IOException {
        SessionHeaderBuilder b = SessionHeader.builder().session(sessionId, 0, t, 0, 0).clock(KHZ, KHZ)
                .source(Source.of(0, 0, 1, 1, 4096)).source(Source.of(1, 1, 0, 0, 8192))
                .source(Source.of(2, 1, 2, 2, 8192));
        for (Device d : devices) {
            b.device(d);
        }
        if (apBuildId != null) {
            b.buildId(BuildId.of(BuildId.AP_KERNEL, apBuildId));
        }
        enc.header(b.build());
        sync(1);
        sync(2);
        heartbeat();
        return this;
    }

    /** Whether doorbells are sometimes suppressed (default true). */
    public TraceScript suppressSome(boolean on) {
        suppressSome = on;
        return this;
    }

    /**
     * From now on CLOCK_SYNC records announce an offset wrong by {@code cycles} (a bad
     * measurement), written at once on both Linux rings.
     */
    public TraceScript clockError(long cycles) throws IOException {
        syncError = cycles;
        sync(1);
        sync(2);
        return this;
    }

    /** From now on the AP writes nothing (no heartbeat, no request events). */
    public TraceScript silenceAp() {
        apSilent = true;
        return this;
    }

    private long step() {
        return 2_500 + rnd.nextInt(10_000);
    }

    private void ap(int type, long r, long... args) throws IOException {
        if (!apSilent) {
            enc.event(0, type, t, r, args);
        }
    }

    private void linux(int src, int type, long r, long... args) throws IOException {
        enc.event(src, type, t - OFFSET, r, args);
    }

    private void sync(int src) throws IOException {
        linux(src, EventType.CLOCK_SYNC.id(), 0, OFFSET + syncError, 2200, 4400);
    }

    private void heartbeat() throws IOException {
        ap(EventType.HEARTBEAT.id(), 0, ++hb);
        lastHeartbeat = t;
    }

    /** The next request id this script will post. */
    public long nextRequestId() {
        return req + 1;
    }

    /**
     * One request on {@code dev} taking {@code driverCycles} in the driver, stopping at
     * {@code stop}; returns its id.
     */
    public long request(int dev, int op, long len, long driverCycles, StopAt stop) throws IOException {
        return run(dev, op, len, driverCycles, stop, 0, -1, false, null);
    }

    /**
     * A request on {@code dev} that the Linux driver fails with {@code status} (−errno) after
     * {@code driverCycles}: DRV_END and REPLY_POST carry the status, and a REQ_REFUSED with
     * {@code reason} (a {@link org.pmdi.trace.RefusalReason} code, 8 device_error as the
     * block backend writes it) precedes REPLY_POST unless {@code reason} is -1 (a v0 trace);
     * returns its id.
     */
    public long failedRequest(int dev, int op, long len, long driverCycles, long status, int reason)
            throws IOException {
        return run(dev, op, len, driverCycles, StopAt.NONE, status, reason, false, null);
    }

    /**
     * A request Linux refuses when it takes it (no driver call): DISPATCH, REQ_REFUSED with
     * {@code reason} (none when -1: a v0 trace), REPLY_POST and REQ_DONE with {@code status}
     * (−errno); returns its id.
     */
    public long refusedRequest(int dev, int op, long len, int reason, long status) throws IOException {
        return run(dev, op, len, 0, StopAt.NONE, status, reason, true, null);
    }

    /**
     * A SEND of {@code frame} on NIC {@code dev}: the data path of a block request, with a
     * NET_FRAME (tx) of its first {@code snap} bytes right after DRV_BEGIN; returns its id.
     */
    public long send(int dev, byte[] frame, int snap, long driverCycles, StopAt stop) throws IOException {
        return run(dev, Op.SEND.code(), frame.length, driverCycles, stop, 0, -1, false,
                frameBlob(dev, NetFrame.Direction.TX, frame, snap));
    }

    /**
     * A RECV buffer of {@code len} bytes posted on NIC {@code dev} and taken into Linux's
     * receive pool (DISPATCH ctx 0, DRV_BEGIN): it waits for {@link #frameArrives}; returns its id.
     */
    public long postRecv(int dev, long len) throws IOException {
        long r = ++req;
        int slot = (int) (r & 63);
        int lx = 1 + (int) (r & 1);
        ap(1, r, dev, Op.RECV.code(), slot, len, 0);
        t += step();
        ap(2, r, 0, slot);
        t += step();
        linux(lx, 4, 0, 0xf0);
        t += step();
        linux(lx, 5, r, 0);
        t += step();
        linux(lx, 6, r, dev);
        t += step();
        return r;
    }

    /**
     * A request on {@code dev} without its AP records (REQ_POST, doorbell decision): lost
     * (a LOST record of 2 follows them) when {@code apLost}, else not traced (a class filter).
     * Linux dispatches it in context {@code ctx} (0 the drain, as a RECV buffer; 1 the worker,
     * as a SEND; -1: no DISPATCH record, its class not traced) and calls the driver, which has
     * not returned. Returns its id.
     */
    public long inDriverWithoutPost(int dev, int ctx, boolean apLost) throws IOException {
        long r = ++req;
        int lx = 1 + (int) (r & 1);
        t += 2 * step();
        if (apLost) {
            ap(EventType.LOST.id(), 0, 2);
            t += step();
        }
        linux(lx, 4, 0, 0xf0);
        t += step();
        if (ctx >= 0) {
            linux(lx, 5, r, ctx);
            t += step();
        }
        linux(lx, 6, r, dev);
        t += step();
        return r;
    }

    /**
     * A frame fills RECV buffer {@code r} (from {@link #postRecv}) on NIC {@code dev}: NET_FRAME
     * (rx) then DRV_END, REPLY_POST and the completion doorbell on Linux; then the AP takes
     * it, unless {@code taken} is false.
     */
    public TraceScript frameArrives(long r, int dev, byte[] frame, int snap, boolean taken) throws IOException {
        int slot = (int) (r & 63);
        int lx = 1 + (int) (r & 1);
        enc.blob(lx, EventType.NET_FRAME.id(), t - OFFSET, r, frameBlob(dev, NetFrame.Direction.RX, frame, snap));
        linux(lx, 7, r, 0, frame.length);
        t += step();
        linux(lx, 8, r, 0, slot);
        t += step();
        linux(lx, 2, r, 1, slot);
        t += step();
        if (taken) {
            ap(4, 0, 0xf1);
            t += step();
            ap(9, r, slot);
            t += step();
            ap(10, r, 0); // the completion's status; its length is the frame's
            t += step();
        }
        return this;
    }

    /** A frame arriving on NIC {@code dev} with no buffer posted: NET_DROP, then NET_FRAME (rx dropped). */
    public TraceScript drop(int dev, byte[] frame, int snap) throws IOException {
        linux(1, EventType.NET_DROP.id(), 0, dev, frame.length);
        enc.blob(1, EventType.NET_FRAME.id(), t - OFFSET, 0,
                frameBlob(dev, NetFrame.Direction.RX_DROPPED, frame, snap));
        t += step();
        return this;
    }

    /** A NET_LINK of NIC {@code dev}: up or down. */
    public TraceScript link(int dev, boolean up) throws IOException {
        linux(1, EventType.NET_LINK.id(), 0, dev, up ? 1 : 0);
        t += step();
        return this;
    }

    private static byte[] frameBlob(int dev, NetFrame.Direction dir, byte[] frame, int snap) {
        return new NetFrame(dev, dir, frame.length, java.util.Arrays.copyOf(frame, Math.min(frame.length, snap)))
                .toBlob();
    }

    private long run(int dev, int op, long len, long driverCycles, StopAt stop, long status, int reason,
            boolean refuse, byte[] txFrame) throws IOException {
        long r = ++req;
        int slot = (int) (r & 63);
        int lx = 1 + (int) (r & 1);
        ap(1, r, dev, op, slot, len, (r * 8) & 0xffff_ffffL);
        if (stop == StopAt.NO_DOORBELL) {
            t += step();
            return r;
        }
        t += step();
        boolean suppress = suppressSome && stop == StopAt.NONE && rnd.nextInt(4) == 0;
        ap(suppress ? 3 : 2, r, 0, slot);
        t += step();
        if (stop == StopAt.DOORBELL_LOST) {
            return r;
        }
        if (!suppress) {
            linux(lx, 4, 0, 0xf0);
            t += step();
        }
        if (stop == StopAt.NOT_DISPATCHED) {
            return r;
        }
        linux(lx, 5, r, dev == 0 ? 0 : 1);
        t += step();
        if (!refuse) {
            linux(lx, 6, r, dev);
            if (txFrame != null) {
                enc.blob(lx, EventType.NET_FRAME.id(), t - OFFSET, r, txFrame);
            }
            if (stop == StopAt.IN_DRIVER) {
                t += step();
                return r;
            }
            t += Math.max(1, driverCycles);
            linux(lx, 7, r, status, status < 0 ? 0 : len);
            t += step();
        }
        if (reason >= 0) {
            linux(lx, EventType.REQ_REFUSED.id(), r, reason);
            t += step();
        }
        linux(lx, 8, r, status, slot);
        t += step();
        boolean csup = suppressSome && stop == StopAt.NONE && rnd.nextInt(8) == 0;
        linux(lx, csup ? 3 : 2, r, 1, slot);
        t += step();
        if (stop == StopAt.NOT_TAKEN) {
            return r;
        }
        if (!csup) {
            ap(4, 0, 0xf1);
            t += step();
        }
        ap(9, r, slot);
        t += step();
        ap(10, r, status);
        t += step();
        if (t - lastHeartbeat > SECOND / 10) {
            heartbeat();
        }
        if (t - lastSync > SECOND / 2) {
            sync(lx);
            lastSync = t;
        }
        return r;
    }

    /** Advances time by {@code ns}, with heartbeats every 100 ms and clock syncs every 500 ms. */
    public TraceScript idle(long ns) throws IOException {
        long end = t + ns * KHZ / 1_000_000;
        while (t < end) {
            t = Math.min(end, t + SECOND / 10);
            heartbeat();
            if (t - lastSync >= SECOND / 2) {
                sync(1);
                sync(2);
                lastSync = t;
            }
        }
        return this;
    }

    /** A RING_OVERFLOW record on the AP (ring 0) or Linux (ring 1) side. */
    public TraceScript ringOverflow(int ring, long count) throws IOException {
        if (ring == 0) {
            ap(EventType.RING_OVERFLOW.id(), 0, ring, count);
        } else {
            linux(1, EventType.RING_OVERFLOW.id(), 0, ring, count);
        }
        t += step();
        return this;
    }

    /** A LOST record on Linux ring {@code src}: {@code count} records dropped by a full ring before it. */
    public TraceScript linuxLost(int src, long count) throws IOException {
        linux(src, EventType.LOST.id(), 0, count);
        t += step();
        return this;
    }

    /** An UNEXPECTED_IRQ record on the AP. */
    public TraceScript unexpectedIrq(int vector) throws IOException {
        ap(EventType.UNEXPECTED_IRQ.id(), 0, vector);
        t += step();
        return this;
    }

    /** An AP_FAULT record (page fault by default) at {@code rip} in the kernel with this build id. */
    /** A blob of {@code type} on ring {@code source} (0 the AP's, 1 Linux's), bytes as given: a buggy tracer's. */
    public TraceScript blob(int source, int type, byte[] bytes) throws IOException {
        enc.blob(source, type, t, 0, bytes);
        t += step();
        return this;
    }

    public TraceScript apFault(long rip, int vector, byte[] buildId) throws IOException {
        byte[] b = new byte[48];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putLong(0, rip).putLong(8, 0xdead000L).putLong(16, 2);
        b[24] = (byte) vector;
        System.arraycopy(buildId, 0, b, 28, Math.min(20, buildId.length));
        if (!apSilent) {
            enc.blob(0, EventType.AP_FAULT.id(), t, 0, b);
        }
        t += step();
        return this;
    }

    /**
     * An INFLIGHT record on Linux ring 1: request {@code req} on {@code dev} in {@code phase}
     * (0 queued, 1 dispatched, 2 in driver, 3 replied) since {@code agoNs} before now.
     */
    public TraceScript inflight(long req, int dev, int op, int phase, long agoNs) throws IOException {
        byte[] b = new byte[org.pmdi.trace.Layout.INFLIGHT_SIZE];
        org.pmdi.trace.Inflight.put(b, 0, 0, t - OFFSET - agoNs * KHZ / 1_000_000, req, dev, op, phase);
        enc.blob(1, EventType.INFLIGHT.id(), t - OFFSET, 0, b);
        t += step();
        return this;
    }

    /**
     * A LOG record at {@code level} ({@link org.pmdi.trace.LogLevel} code) with {@code text}
     * (not null), written by Linux (ring 1) or by the AP (ring 0).
     */
    public TraceScript log(boolean linux, int level, String text) throws IOException {
        byte[] b = new LogMessage(level, text).toBlob();
        if (linux) {
            enc.blob(1, EventType.LOG.id(), t - OFFSET, 0, b);
        } else if (!apSilent) {
            enc.blob(0, EventType.LOG.id(), t, 0, b);
        }
        t += step();
        return this;
    }

    /** Current AP TSC. */
    public long tsc() {
        return t;
    }

    /** Seals open frames. */
    public void finish() throws IOException {
        enc.flush();
    }
}
