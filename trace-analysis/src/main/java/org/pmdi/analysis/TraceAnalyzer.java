package org.pmdi.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.errors.FailureTracker;
import org.pmdi.analysis.findings.HealthMonitor;
import org.pmdi.analysis.findings.LinuxLogMonitor;
import org.pmdi.analysis.findings.NicMonitor;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.findings.TimeBins;
import org.pmdi.analysis.latency.LatencyStats;
import org.pmdi.analysis.loss.LossMap;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestTracker;
import org.pmdi.trace.clock.ClockMapper;
import org.pmdi.trace.ApFault;
import org.pmdi.trace.Device;
import org.pmdi.trace.DeviceClass;
import org.pmdi.trace.EventType;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.Inflight;
import org.pmdi.trace.Layout;
import org.pmdi.trace.LogMessage;
import org.pmdi.trace.NetFrame;
import org.pmdi.trace.RefusalReason;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * The analysis of one trace, fed one event at a time (from a file in one pass, or from the
 * bridge's live feed) and queryable at any moment.
 *
 * <pre>{@code
 * TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
 * a.addRequestListener(view -> ...);          // each finalized request (optional)
 * StreamDecoder.create(a).push(bytes, 0, n);  // a TraceVisitor: zero allocation per event
 * a.accept(item);                             // or live: TraceEvent / SessionHeader / GapMark
 * AnalysisSnapshot s = a.snapshot();          // any time; immutable, hand it to the UI thread
 * a.finish();                                 // end of a file: completes what can complete
 * }</pre>
 *
 * Composes {@link ClockMapper} (one timeline), {@link RequestTracker} (requests and
 * phases), {@link LatencyStats} (histograms, windows), {@link HealthMonitor} and
 * {@link LinuxLogMonitor} (findings), {@link FailureTracker} (failed requests and why), in two
 * stages: {@link RecordMapper} (the clock mapping and the loss accounting) maps each record,
 * the rest takes it from there. Single writer: feed and query on one thread (the snapshot is
 * then safe to share); a file's pass may run the first stage on a thread of its own ({@link
 * TraceFiles#decodeOnTwoThreads}), the rest still on the caller's. A new session id in a
 * header finalizes the previous session's requests.
 */
public final class TraceAnalyzer implements TraceVisitor {
    private static final long A = Request.ABSENT;
    private static final int IPI_RECV = EventType.IPI_RECV.id();
    private static final int LOG = EventType.LOG.id();
    private static final int REQ_REFUSED = EventType.REQ_REFUSED.id();
    private static final int NET_DROP = EventType.NET_DROP.id();
    private static final int NET_LINK = EventType.NET_LINK.id();
    /** Types from here up go to the health monitor (heartbeats, overflows, losses, syncs). */
    private static final int FIRST_HEALTH = EventType.HEARTBEAT.id();
    private final AnalysisConfig config;
    private final ClockMapper clock = ClockMapper.create();
    private final RequestTracker tracker = RequestTracker.create(32);
    private final LatencyStats latency;
    private final HealthMonitor health = HealthMonitor.create();
    private final LinuxLogMonitor linuxLog = LinuxLogMonitor.create();
    private final NicMonitor nic = NicMonitor.create();
    private final FailureTracker failures = FailureTracker.create();
    private final LossMap loss = LossMap.create();
    /** The first stage: clock mapping and loss accounting (the state above it: clock, loss). */
    private final RecordMapper front = new RecordMapper(clock, loss);
    private final List<EventListener> eventListeners = new ArrayList<>();
    private EventListener[] fan = new EventListener[0];
    private final long[] typeCounts = new long[128];
    private final Map<Integer, Device> devices = new TreeMap<>();
    private SessionHeader header;
    private long sessionId = -1;
    private long events;
    private long nowNs = A;
    private long nextSweep;
    /**
     * Latest AP event time and latest Linux IPI_RECV, kept here on the hot path and handed to
     * the health monitor lazily ({@link #syncHealth()}).
     */
    private long lastApNs = Long.MIN_VALUE;
    private long lastLinuxIpiNs = Long.MIN_VALUE;
    private final long[] scratch = new long[EventType.MAX_ARGS];

    private TraceAnalyzer(AnalysisConfig config) {
        this.config = config;
        this.latency = LatencyStats.create(config.windowNs(), config.keepWindows());
        tracker.addListener(latency);
        tracker.addListener(failures);
    }

    /** An analyzer with {@code config} (not null). */
    public static TraceAnalyzer create(AnalysisConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new TraceAnalyzer(config);
    }

    public AnalysisConfig config() {
        return config;
    }

    /** Adds a listener of finalized requests (not null). */
    public void addRequestListener(RequestListener l) {
        tracker.addListener(l);
    }

    /** Adds a listener of every mapped event (not null). */
    public void addEventListener(EventListener l) {
        if (l == null) {
            throw new IllegalArgumentException("l must not be null");
        }
        eventListeners.add(l);
        fan = eventListeners.toArray(new EventListener[0]);
    }

    /** Live feed: one decoded item (not null). */
    public void accept(TraceItem item) {
        if (item instanceof TraceEvent e) {
            if (e.isBlob()) {
                byte[] b = e.blob();
                onBlob(e.source(), e.seq(), e.type(), e.tsc(), e.req(), b, 0, b.length);
            } else {
                int n = e.argCount();
                for (int i = 0; i < n; i++) {
                    scratch[i] = e.arg(i);
                }
                onEvent(e.source(), e.seq(), e.type(), e.tsc(), e.req(), scratch, n);
            }
        } else if (item instanceof SessionHeader h) {
            onHeader(h);
        } else if (item instanceof GapMark g) {
            onGap(g);
        } else if (item instanceof BadFrame b) {
            onBadFrame(b.unknownKind(), b.offset());
        } else {
            throw new IllegalArgumentException("item must not be null");
        }
    }

    /**
     * One event: mapped by the first stage ({@link RecordMapper}), then {@link #onMapped}.
     * Kept small so that the JIT inlines it, and both stages, into the decoder's loop: this runs
     * once per event. Its bytecode and {@code onMapped}'s stay under HotSpot's FreqInlineSize
     * (325 bytes; {@code OnEventSizeTest} checks it), past which a hot method is no longer
     * inlined.
     */
    @Override
    public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
        RecordMapper m = front;
        if (m.map(source, seq, type, tsc, args)) {
            onMapped(source, m.linux, type, m.ns, m.unc, req, args, nargs);
        }
    }

    /**
     * The second stage of an event the first kept ({@link RecordMapper#map}): requests,
     * statistics, findings, listeners. Reads none of the first stage's state.
     */
    void onMapped(int source, boolean linux, int type, long ns, long unc, long req, long[] args, int nargs) {
        events++;
        typeCounts[type]++;
        nowNs = Math.max(nowNs, ns);
        if (!linux) {
            lastApNs = Math.max(lastApNs, ns);
        } else if (type == IPI_RECV) {
            lastLinuxIpiNs = Math.max(lastLinuxIpiNs, ns);
        }
        // the tracker's call last, so that little of this method lives across it; it
        // ignores the types from FIRST_HEALTH up (none is on a request's path)
        if (type >= FIRST_HEALTH) {
            rareType(linux, type, ns, req, args);
        } else {
            tracker.onEvent(source, type, ns, unc, req, args);
        }
        if (fan.length != 0) {
            fanOut(source, linux, type, ns, req, args, nargs);
        }
        if (events >= nextSweep) {
            sweep();
        }
    }

    /** Health records (heartbeats, overflows, losses, syncs), refusals and the NICs' drops and links. */
    private void rareType(boolean linux, int type, long ns, long req, long[] args) {
        health.onEvent(!linux, type, ns, args);
        if (type == NET_DROP) {
            nic.onDrop(ns, args[0], args[1]);
        } else if (type == NET_LINK) {
            nic.onLink(ns, args[0], args[1]);
        }
        if (type == REQ_REFUSED) {
            failures.onRefused(req, args[0]); // first: the tracker may finalize the request now
            if (args[0] != RefusalReason.DEVICE_ERROR.code()) {
                tracker.onRefused(req);
            }
        }
    }

    private void sweep() {
        nextSweep = events + 65_536;
        tracker.sweep(nowNs, config.reorderHorizonNs());
    }

    private void fanOut(int source, boolean linux, int type, long ns, long req, long[] args, int nargs) {
        for (EventListener l : fan) {
            l.onEvent(source, linux, type, ns, req, args, nargs);
        }
    }

    @Override
    public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        RecordMapper m = front;
        if (m.mapBlob(source, seq, type, tsc, buf, off, len)) {
            onMappedBlob(source, m.linux, type, m.ns, m.unc, req, buf, off, len, m.since);
        }
    }

    /**
     * The second stage of a blob the first kept ({@link RecordMapper#mapBlob}); {@code since}
     * holds an INFLIGHT snapshot's entries' mapped times.
     */
    void onMappedBlob(int source, boolean linux, int type, long ns, long unc, long req, byte[] buf, int off, int len,
            long[] since) {
        events++;
        typeCounts[type & 127]++;
        if (type == EventType.AP_FAULT.id()) {
            if (len >= Layout.AP_FAULT_SIZE) {
                health.onFault(ns, ApFault.parse(java.util.Arrays.copyOfRange(buf, off, off + len)));
            } else {
                health.onUnreadableFault(ns, len);
            }
        } else if (type == EventType.INFLIGHT.id()) {
            if (len % Layout.INFLIGHT_SIZE != 0) {
                health.onUnreadable(type, ns); // its whole entries are still read
            }
            tracker.onInflightSnapshot(ns);
            for (int i = 0, n = Inflight.count(len); i < n; i++) {
                tracker.onInflight(Inflight.req(buf, off, i), Inflight.dev(buf, off, i), Inflight.op(buf, off, i),
                        Inflight.phase(buf, off, i), since[i], unc);
            }
        } else if (!linux) {
            health.onEvent(true, type, ns, scratch);
        } else if (type == LOG && len > 0 && LinuxLogMonitor.wanted(buf[off] & 0xff)) {
            linuxLog.onLog(ns, LogMessage.parse(java.util.Arrays.copyOfRange(buf, off, off + len)));
        } else if (type == EventType.NET_FRAME.id() && !NetFrame.isWellFormed(buf, off, len)) {
            health.onUnreadable(type, ns);
        }
        if (nowNs == A || ns > nowNs) {
            nowNs = ns;
        }
        for (EventListener l : fan) {
            l.onBlob(source, linux, type, ns, req, buf, off, len);
        }
    }

    @Override
    public void onHeader(SessionHeader h) {
        front.onHeader(h);
        onMappedHeader(h);
    }

    /** The second stage of a header: a new session id finalizes the previous session's requests. */
    void onMappedHeader(SessionHeader h) {
        if (h.sessionId() != sessionId && sessionId != -1) {
            tracker.endSession();
        }
        sessionId = h.sessionId();
        header = h;
        for (Device d : h.devices()) {
            devices.put(d.id(), d);
            tracker.setNic(d.id(), d.deviceClass() == DeviceClass.NET.code());
        }
    }

    @Override
    public void onGap(GapMark gap) {
        front.onGap();
        onMappedGap();
    }

    /** The second stage of a recording gap. */
    void onMappedGap() {
        health.onGap();
    }

    @Override
    public void onBadFrame(boolean unknownKind, long offset) {
        front.onBadFrame();
    }

    /** The first stage, for a pass that runs it on another thread ({@link AnalysisPipeline}). */
    RecordMapper front() {
        return front;
    }

    /** End of a file: finalizes every request the AP saw complete; the rest stay open. */
    public void finish() {
        tracker.finish();
    }

    public ClockMapper clock() {
        return clock;
    }

    public LatencyStats latency() {
        return latency;
    }

    /** The last session header, or null. */
    public SessionHeader header() {
        return header;
    }

    public long events() {
        return events;
    }

    /** The latest event time on the AP timeline, or {@link Request#ABSENT} before any event. */
    public long nowNs() {
        return nowNs;
    }

    /** Requests posted and not done on {@code dev} (0..255). */
    public int queueDepth(int dev) {
        return tracker.queueDepth(dev);
    }

    /** Open (not finalized) requests as immutable copies. */
    public List<Request> openRequests() {
        List<Request> out = new ArrayList<>();
        tracker.forEachOpen(v -> out.add(v.toRequest()));
        return out;
    }

    /** Hands each open (not finalized) request to {@code l}, e.g. to export them too. */
    public void forEachOpen(RequestListener l) {
        tracker.forEachOpen(l::onRequest);
    }

    /** "vda (virtio_blk)" for a device of the header, "dev7" otherwise. */
    public String deviceLabel(int id) {
        Device d = devices.get(id);
        if (d == null) {
            return id < 0 ? "unknown" : "dev" + id;
        }
        return d.driver().isEmpty() ? d.name() : d.name() + " (" + d.driver() + ")";
    }

    /** The device's name from the header, "dev7" otherwise. */
    public String deviceName(int id) {
        Device d = devices.get(id);
        return d != null ? d.name() : id < 0 ? "unknown" : "dev" + id;
    }

    int deviceClass(int id) {
        Device d = devices.get(id);
        return d == null ? -1 : d.deviceClass();
    }

    /** The state at the latest event. */
    public AnalysisSnapshot snapshot() {
        return snapshot(nowNs == A ? 0 : nowNs);
    }

    /** The state as of {@code nowNs} (live: e.g. the latest event time plus the wall time since). */
    public AnalysisSnapshot snapshot(long nowNs) {
        StuckDiagnosis.Result d = diagnose(nowNs);
        return SnapshotAssembler.assemble(this, nowNs, d.stuck(), d.uncertain());
    }

    private void syncHealth() {
        health.apSeenAt(lastApNs);
        health.linuxIpiSeenAt(lastLinuxIpiNs);
        health.lossCounts(loss.gapLost(), loss.corruptFrames(), loss.duplicates(), loss.beforeAttach());
        long ap = health.lastApNs();
        if (ap != A) {
            // AP records lost after its last one seen: it may have been active until then
            health.apMayBeActiveUntil(loss.activeUntil(s -> !clock.isLinux(s), ap));
        }
    }

    /** Where events may be missing (read on the analyzer's thread). */
    public LossMap loss() {
        return loss;
    }

    RequestTracker tracker() {
        return tracker;
    }

    HealthMonitor health() {
        return health;
    }

    LinuxLogMonitor linuxLog() {
        return linuxLog;
    }

    /**
     * Where each NIC's frames were dropped (NET_DROP), by device id, on the analysis's timeline
     * (as every time it gives); a copy.
     */
    public Map<Integer, TimeBins> nicDrops() {
        return nic.dropBins();
    }

    NicMonitor nic() {
        return nic;
    }

    /**
     * Per device: requests answered, failed, why, when (finalized requests plus the open ones
     * Linux already answered), by device id.
     */
    public List<DeviceErrors> errors() {
        return failures.snapshot(this::forEachOpen);
    }

    Map<Integer, Device> devices() {
        return devices;
    }

    long typeCount(int type) {
        return typeCounts[type];
    }

    /**
     * Open requests not done after their device's threshold and proven stuck (see {@link
     * StuckDiagnosis}: a snapshot of Linux listed them, or no loss could hide their next
     * event), classified; oldest first.
     */
    public List<StuckRequest> stuck(long nowNs) {
        return diagnose(nowNs).stuck();
    }

    private StuckDiagnosis.Result diagnose(long nowNs) {
        syncHealth();
        return StuckDiagnosis.diagnose(this, nowNs, health.apSilent(nowNs, config.stuck()), health.lastLinuxIpiNs());
    }
}
