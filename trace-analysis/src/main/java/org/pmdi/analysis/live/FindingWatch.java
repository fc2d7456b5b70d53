package org.pmdi.analysis.live;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;

/**
 * Turns the successive snapshots of a live analysis into {@link Transition}s, so that a
 * terminal (or a CI check) can say when a request got stuck and when it came back, instead
 * of printing the same stuck list every second.
 *
 * <pre>{@code
 * FindingWatch watch = new FindingWatch();
 * live.analyzer().addRequestListener(watch);          // before items flow
 * // periodically, on the thread that feeds the analysis:
 * watch.update(live.snapshot()).forEach(t -> System.out.println(t.line()));
 * }</pre>
 *
 * A request that leaves the stuck list is RECOVERED when its completion was seen (the
 * listener). Else it waits out a grace period first: a request the AP saw complete leaves
 * the stuck list at once but reaches the listener only when Linux's records of it arrived
 * (they come on another ring, later) or the analysis's reorder horizon passed; only a request
 * that neither completes nor comes back within the grace is CLEARED. Other findings are
 * reported once per kind and device. Not thread-safe: call it from the thread that feeds the
 * analysis (the listener runs there).
 */
public final class FindingWatch implements RequestListener {
    /** Default grace: longer than the analysis's default reorder horizon (1 s). */
    public static final long DEFAULT_GRACE_NS = 3_000_000_000L;

    private final long graceNs;
    private final Map<Long, StuckRequest> stuck = new LinkedHashMap<>();
    /** Requests that left the stuck list without a completion seen, and since when (trace time). */
    private final Map<Long, Leaving> leaving = new LinkedHashMap<>();
    private final Map<Long, Request> finished = new LinkedHashMap<>();
    private final Set<String> findingsSeen = new HashSet<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();

    private record Leaving(StuckRequest was, long sinceNs) {
    }

    /** A watch with the {@linkplain #DEFAULT_GRACE_NS default grace}. */
    public FindingWatch() {
        this(DEFAULT_GRACE_NS);
    }

    /**
     * @param graceNs how long (trace time) a request that left the stuck list may take to
     *                complete before it is CLEARED; longer than the analysis's reorder horizon
     */
    public FindingWatch(long graceNs) {
        if (graceNs < 0) {
            throw new IllegalArgumentException("graceNs must be >= 0");
        }
        this.graceNs = graceNs;
    }

    /** Keeps the requests that were reported stuck when they are finalized. */
    @Override
    public void onRequest(RequestView request) {
        if (watched(request.id())) {
            finished.put(request.id(), request.toRequest());
        }
    }

    /** As {@link #onRequest} for a request already copied. */
    public void finished(Request request) {
        if (watched(request.id())) {
            finished.put(request.id(), request);
        }
    }

    private boolean watched(long id) {
        return stuck.containsKey(id) || leaving.containsKey(id);
    }

    /** What changed since the previous snapshot (in order: recoveries, new stuck requests, findings). */
    public List<Transition> update(AnalysisSnapshot s) {
        for (DeviceInfo d : s.devices()) {
            names.put(d.id(), d.name());
        }
        List<Transition> out = new ArrayList<>();
        Map<Long, StuckRequest> now = new LinkedHashMap<>();
        for (StuckRequest r : s.stuck()) {
            now.put(r.request().id(), r);
        }
        for (Iterator<Map.Entry<Long, StuckRequest>> it = stuck.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, StuckRequest> e = it.next();
            Request done = finished.get(e.getKey());
            if (done != null) {
                out.add(left(s.nowNs(), e.getValue(), done));
                it.remove();
            } else if (!now.containsKey(e.getKey())) {
                leaving.put(e.getKey(), new Leaving(e.getValue(), s.nowNs()));
                it.remove();
            }
        }
        for (Iterator<Map.Entry<Long, Leaving>> it = leaving.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Leaving> e = it.next();
            Request done = finished.get(e.getKey());
            if (done != null || s.nowNs() - e.getValue().sinceNs() >= graceNs) {
                out.add(left(s.nowNs(), e.getValue().was(), done));
                it.remove();
            } else if (now.containsKey(e.getKey())) {
                stuck.put(e.getKey(), e.getValue().was()); // listed again: reported below if re-diagnosed
                it.remove();
            }
        }
        for (StuckRequest r : now.values()) {
            if (finished.containsKey(r.request().id()) || leaving.containsKey(r.request().id())) {
                continue; // the snapshot was taken before its completion came
            }
            StuckRequest before = stuck.put(r.request().id(), r);
            if (before == null || before.reason() != r.reason()) {
                out.add(new Transition(Transition.Kind.STUCK, s.nowNs(), r.request().device(), r.request().id(),
                        subject(r.request()) + ": " + r.reason().words() + String.format(Locale.ROOT,
                                ", outstanding %.2f s (threshold %.2f s)", r.ageNs() / 1e9, r.thresholdNs() / 1e9)));
            }
        }
        finished.clear();
        for (Finding f : s.findings()) {
            if (f.kind() != FindingKind.STUCK_REQUEST && findingsSeen.add(f.kind() + "/" + f.device())) {
                out.add(new Transition(Transition.Kind.FINDING, s.nowNs(), f.device(), f.requestId(),
                        f.severity() + " " + f.kind() + ": " + f.summary()));
            }
        }
        return out;
    }

    private Transition left(long atNs, StuckRequest was, Request done) {
        Request r = done != null ? done : was.request();
        if (done == null || !done.isDone()) {
            return new Transition(Transition.Kind.CLEARED, atNs, r.device(), r.id(), subject(r)
                    + ": no longer reported stuck (was " + was.reason().words() + "), no completion seen");
        }
        long driver = done.phaseNs(Phase.DRIVER);
        String inDriver = driver == Request.ABSENT ? ""
                : String.format(Locale.ROOT, ", %.2f s of it in the driver", driver / 1e9);
        long total = done.totalNs();
        String after = total == Request.ABSENT ? "" : String.format(Locale.ROOT, " after %.2f s", total / 1e9);
        return new Transition(Transition.Kind.RECOVERED, atNs, r.device(), r.id(),
                subject(r) + ": done" + after + inDriver + ", status " + done.status());
    }

    private String subject(Request r) {
        return names.getOrDefault(r.device(), "dev" + r.device()) + " request " + r.id();
    }
}
