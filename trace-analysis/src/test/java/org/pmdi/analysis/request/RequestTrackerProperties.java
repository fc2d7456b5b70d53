package org.pmdi.analysis.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pmdi.trace.EventType;

/**
 * Request reconstruction: any interleaving of the per-ring event sequences (each ring keeps
 * its own order, as the drain does) gives the same requests; dropped events are tolerated
 * and flagged; odd arrivals are flagged, never fatal.
 */
class RequestTrackerProperties {
    /** One event of the model: ring, type, time, request id, args. */
    record Ev(int source, int type, long ns, long req, long[] args) {
    }

    /** A generated request and its expected point times. */
    record Model(long id, int dev, boolean dbSup, boolean compSup, int lx, long[] points) {
    }

    static List<Model> models(int n, Random rnd) {
        List<Model> out = new ArrayList<>();
        long t = 1_000;
        for (int i = 0; i < n; i++) {
            long[] p = new long[Point.COUNT];
            java.util.Arrays.fill(p, Request.ABSENT);
            boolean dbSup = rnd.nextInt(3) == 0;
            boolean compSup = rnd.nextInt(3) == 0;
            for (int k = 0; k < Point.COUNT; k++) {
                t += 1 + rnd.nextInt(5_000);
                boolean skip = k == Point.LINUX_IPI.ordinal() && dbSup || k == Point.AP_IPI.ordinal() && compSup;
                if (!skip) {
                    p[k] = t;
                }
            }
            out.add(new Model(i + 1L + rnd.nextInt(3) * 1_000_000L, rnd.nextInt(4), dbSup, compSup, 1 + rnd.nextInt(2),
                    p));
            t += rnd.nextInt(10_000);
        }
        return out;
    }

    /** The events of each ring, in ring order. */
    static Map<Integer, List<Ev>> rings(List<Model> models) {
        Map<Integer, List<Ev>> r = new HashMap<>();
        for (int s = 0; s < 3; s++) {
            r.put(s, new ArrayList<>());
        }
        for (Model m : models) {
            long[] p = m.points();
            List<Ev> ap = r.get(0);
            List<Ev> lx = r.get(m.lx());
            ap.add(new Ev(0, EventType.REQ_POST.id(), p[0], m.id(), new long[] {m.dev(), 1, 3, 4096, 0}));
            ap.add(new Ev(0, m.dbSup() ? EventType.DOORBELL_SUPPRESS.id() : EventType.DOORBELL_SEND.id(), p[1], m.id(), new long[] {0, 3}));
            if (!m.dbSup()) {
                lx.add(new Ev(m.lx(), EventType.IPI_RECV.id(), p[2], 0, new long[] {0xf0}));
            }
            lx.add(new Ev(m.lx(), EventType.DISPATCH.id(), p[3], m.id(), new long[] {1}));
            lx.add(new Ev(m.lx(), EventType.DRV_BEGIN.id(), p[4], m.id(), new long[] {m.dev()}));
            lx.add(new Ev(m.lx(), EventType.DRV_END.id(), p[5], m.id(), new long[] {0, 4096}));
            lx.add(new Ev(m.lx(), EventType.REPLY_POST.id(), p[6], m.id(), new long[] {0, 3}));
            lx.add(new Ev(m.lx(), m.compSup() ? EventType.DOORBELL_SUPPRESS.id() : EventType.DOORBELL_SEND.id(), p[7], m.id(), new long[] {1, 3}));
            if (!m.compSup()) {
                ap.add(new Ev(0, EventType.IPI_RECV.id(), p[8], 0, new long[] {0xf1}));
            }
            ap.add(new Ev(0, EventType.REPLY_TAKE.id(), p[9], m.id(), new long[] {3}));
            ap.add(new Ev(0, EventType.REQ_DONE.id(), p[10], m.id(), new long[] {0}));
        }
        return r;
    }

    /** A random merge of the rings that keeps each ring's order. */
    static List<Ev> interleave(Map<Integer, List<Ev>> rings, Random rnd) {
        List<Ev> out = new ArrayList<>();
        int[] pos = new int[3];
        while (true) {
            List<Integer> live = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                if (pos[s] < rings.get(s).size()) {
                    live.add(s);
                }
            }
            if (live.isEmpty()) {
                return out;
            }
            int s = live.get(rnd.nextInt(live.size()));
            int burst = 1 + rnd.nextInt(20);
            for (int k = 0; k < burst && pos[s] < rings.get(s).size(); k++) {
                out.add(rings.get(s).get(pos[s]++));
            }
        }
    }

    static Map<Long, Request> feed(List<Ev> events, RequestTracker t) {
        Map<Long, Request> done = new HashMap<>();
        t.addListener(v -> assertThat(done.put(v.id(), v.toRequest())).as("finalized once: %s", v.id()).isNull());
        for (Ev e : events) {
            t.onEvent(e.source(), e.type(), e.ns(), e.req(), e.args());
        }
        t.finish();
        return done;
    }

    @Property(tries = 200)
    void anyInterleavingOfRingsGivesTheModel(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<Model> models = models(n, rnd);
        RequestTracker t = RequestTracker.create(4);
        Map<Long, Request> done = feed(interleave(rings(models), rnd), t);
        assertThat(done).hasSize(n);
        assertThat(t.openCount()).isZero();
        for (Model m : models) {
            Request r = done.get(m.id());
            assertThat(r.pointNs()).as("points of %s", m.id()).containsExactly(m.points());
            assertThat(r.device()).isEqualTo(m.dev());
            int expected = (m.dbSup() ? RequestFlags.DOORBELL_SUPPRESSED : 0)
                    | (m.compSup() ? RequestFlags.COMPLETION_SUPPRESSED : 0);
            assertThat(r.flags()).as("flags of %s: %s", m.id(), RequestFlags.describe(r.flags())).isEqualTo(expected);
            long sum = 0;
            for (Phase p : Phase.values()) {
                long v = r.phaseNs(p);
                assertThat(v).as("%s of %s", p, m.id()).isGreaterThanOrEqualTo(0);
                sum += v;
            }
            assertThat(sum).as("phases add up to the total").isEqualTo(r.totalNs());
            assertThat(r.phaseNs(Phase.DRIVER)).isEqualTo(m.points()[5] - m.points()[4]);
            if (m.dbSup()) {
                assertThat(r.phaseNs(Phase.DOORBELL)).isZero();
            } else {
                assertThat(r.phaseNs(Phase.DOORBELL)).isEqualTo(m.points()[2] - m.points()[1]);
            }
        }
    }

    @Property(tries = 200)
    void droppedEventsAreToleratedAndFlagged(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int dropPercent) {
        Random rnd = new Random(seed);
        List<Model> models = models(n, rnd);
        List<Ev> all = interleave(rings(models), rnd);
        List<Ev> kept = new ArrayList<>();
        Map<Long, Integer> droppedRequired = new HashMap<>();
        Map<Long, Boolean> doneKept = new HashMap<>();
        Map<Long, Boolean> anyKept = new HashMap<>();
        for (Ev e : all) {
            boolean drop = rnd.nextInt(100) < dropPercent;
            if (drop && e.req() != 0) {
                droppedRequired.merge(e.req(), 1, Integer::sum);
            }
            if (!drop) {
                kept.add(e);
                if (e.req() != 0) {
                    anyKept.put(e.req(), true);
                }
                if (e.type() == EventType.REQ_DONE.id()) {
                    doneKept.put(e.req(), true);
                }
            }
        }
        RequestTracker t = RequestTracker.create(4);
        Map<Long, Request> done = feed(kept, t);
        long open = anyKept.keySet().stream().filter(id -> !doneKept.containsKey(id)).count();
        assertThat(t.openCount()).isEqualTo((int) open);
        assertThat(done.keySet()).isEqualTo(doneKept.keySet());
        for (Request r : done.values()) {
            boolean missing = droppedRequired.containsKey(r.id());
            assertThat((r.flags() & RequestFlags.MISSING_EVENTS) != 0).as("missing flag of %s", r.id())
                    .isEqualTo(missing);
        }
    }

    @Test
    void outOfOrderAndDuplicatesAreFlaggedNotFatal() {
        RequestTracker t = RequestTracker.create(4);
        List<Request> done = new ArrayList<>();
        t.addListener(v -> done.add(v.toRequest()));
        long[] a5 = {0, 0, 0, 0, 0};
        t.onEvent(0, 10, 900, 7, a5); // REQ_DONE first
        t.onEvent(0, 1, 100, 7, new long[] {2, 1, 0, 512, 0});
        t.onEvent(0, 2, 110, 7, new long[] {0, 0});
        t.onEvent(1, 5, 200, 7, new long[] {1});
        t.onEvent(1, 5, 210, 7, new long[] {1}); // duplicate DISPATCH
        t.onEvent(1, 6, 300, 7, new long[] {2});
        t.onEvent(1, 7, 400, 7, new long[] {0, 512});
        t.onEvent(1, 8, 500, 7, new long[] {0, 0});
        t.onEvent(1, 2, 510, 7, new long[] {1, 0});
        assertThat(done).isEmpty();
        t.onEvent(0, 9, 800, 7, new long[] {0});
        assertThat(done).hasSize(1);
        Request r = done.get(0);
        assertThat(RequestFlags.describe(r.flags())).contains("out_of_order", "duplicate_event");
        assertThat(r.pointNs(Point.DISPATCH)).isEqualTo(200);
        assertThat(r.totalNs()).isEqualTo(800);
    }

    @Test
    void negativeIntervalIsKeptNotClamped() {
        RequestTracker t = RequestTracker.create(4);
        List<Request> done = new ArrayList<>();
        t.addListener(v -> done.add(v.toRequest()));
        t.onEvent(0, 1, 1000, 1, new long[] {0, 1, 0, 0, 0});
        t.onEvent(0, 3, 1010, 1, new long[] {0, 0});
        t.onEvent(1, 5, 900, 1, new long[] {0}); // Linux mapped before the doorbell
        t.onEvent(1, 6, 950, 1, new long[] {0});
        t.onEvent(1, 7, 960, 1, new long[] {0, 0});
        t.onEvent(1, 8, 970, 1, new long[] {0, 0});
        t.onEvent(1, 3, 980, 1, new long[] {1, 0});
        t.onEvent(0, 9, 1100, 1, new long[] {0});
        t.onEvent(0, 10, 1110, 1, new long[] {0});
        Request r = done.get(0);
        assertThat(r.flags() & RequestFlags.NEGATIVE_INTERVAL).isNotZero();
        assertThat(r.phaseNs(Phase.DISPATCH_WAIT)).isEqualTo(950 - 1010);
        assertThat(t.negativeIntervalCount()).isEqualTo(1);
        assertThat(t.mostNegativeNs()).isEqualTo(-60);
    }
}
