import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * The end-to-end check of one trace session recorded twice in one boot (the serial pty and the
 * debugfs stream), with the trace format's Java decoder only (FORMAT.md §4.2, §5.3):
 *
 * <pre>{@code
 * java -cp "$(java_classpath serial-bridge)" qemu-board/tests/TracePathCheck.java \
 *     --session 1a2b3c4d --prefix trace/e2e [--tsc-slack 16] serial.pmdt debugfs.pmdt
 * }</pre>
 *
 * For each recording, only the records of that session (from its first header to the next
 * session's header): no LOST record, no seq gap (each source's seqs start at 0), no corrupt
 * frame; every request the AP posted
 * (REQ_POST, source 0) has exactly once, with its id, DOORBELL_SEND|SUPPRESS(ring 0),
 * REPLY_TAKE and REQ_DONE on the AP, and DISPATCH, DRV_BEGIN, DRV_END (absent only for a
 * request refused before the driver: REPLY_POST status &lt; 0), REPLY_POST and
 * DOORBELL_SEND|SUPPRESS(ring 1) on Linux; no Linux record names a request the AP never
 * posted; per side in seq order and TSC order (AP: REQ_POST, doorbell, REPLY_TAKE, REQ_DONE;
 * Linux: DISPATCH, DRV_BEGIN, DRV_END, REPLY_POST, doorbell); across the sides, with each Linux
 * TSC mapped onto the AP clock by the latest preceding CLOCK_SYNC of its source,
 * REQ_POST &lt;= DISPATCH + uncertainty and REPLY_POST &lt;= REPLY_TAKE + uncertainty (plus
 * {@code --tsc-slack} cycles for the writers' timestamp rounding, 2^tsc_shift). The AP records
 * its doorbell decision after publishing, so DISPATCH before the AP's doorbell record is legal
 * and not checked. Then across the recordings: the same (source, seq) is the same record, and
 * both hold the same records up to the end of tracing (TRACE_CTRL off; what a stream carries
 * after it is counted, not compared).
 *
 * Prints one summary line per recording, then {@code PASS|FAIL NAME: detail} lines for
 * qemu-board/tests/run.sh. Exit status 1 on any FAIL.
 */
public final class TracePathCheck {
    private TracePathCheck() {
    }

    static final int REQ_POST = 1, DB_SEND = 2, DB_SUPPRESS = 3, DISPATCH = 5, DRV_BEGIN = 6, DRV_END = 7,
            REPLY_POST = 8, REPLY_TAKE = 9, REQ_DONE = 10, LOST = 16, CLOCK_SYNC = 17, TRACE_CTRL = 18;

    /** One decoded record; blobs keep their bytes in {@code blob}. */
    record Rec(int source, long seq, int type, long tsc, long req, long[] args, byte[] blob, int order) {
        boolean sameAs(Rec o) {
            return source == o.source && seq == o.seq && type == o.type && tsc == o.tsc && req == o.req
                    && Arrays.equals(args, o.args) && Arrays.equals(blob, o.blob);
        }

        @Override
        public String toString() {
            EventType t = EventType.byId(type);
            return (t == null ? "type" + type : t.name()) + "(src " + source + " seq " + seq + " tsc " + tsc
                    + " req " + req + " args " + Arrays.toString(args) + ")";
        }
    }

    /** What one recording holds of the session. */
    static final class Recording {
        final String name;
        final List<Rec> recs = new ArrayList<>();
        final Map<Long, Rec> byKey = new HashMap<>();
        final Map<Integer, Long> firstSeq = new HashMap<>();
        SessionHeader header;
        long seqGaps;
        long lostRecords;
        long lostRecordCount;
        long corrupt;
        long unknownDelta;
        long headers;
        int offOrder = -1; // order of the TRACE_CTRL(off) record, -1 if none
        final List<String> problems = new ArrayList<>();
        long summaryRequests, summaryRefused, summaryWorstIn, summaryWorstOut, summaryMaxUnc, summarySyncs;

        Recording(String name) {
            this.name = name;
        }
    }

    static long key(int source, long seq) {
        return ((long) source << 48) | seq;
    }

    static Recording read(Path file, long session) throws Exception {
        byte[] b = Files.readAllBytes(file);
        int start = 0;
        while (start < b.length && b[start] != 0) {
            start++;
        }
        Recording r = new Recording(file.getFileName().toString());
        StreamDecoder[] dref = new StreamDecoder[1];
        // state: 0 before the session, 1 in it, 2 after it
        int[] state = {0};
        long[] at = new long[2]; // corrupt, unknown counts when the session began
        TraceVisitor v = new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] a, int n) {
                add(new Rec(source, seq, type, tsc, req, Arrays.copyOf(a, n), new byte[0], r.recs.size()));
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                add(new Rec(source, seq, type, tsc, req, new long[0], Arrays.copyOfRange(buf, off, off + len),
                        r.recs.size()));
            }

            private void add(Rec x) {
                if (state[0] != 1) {
                    return;
                }
                r.recs.add(x);
                if (r.firstSeq.putIfAbsent(x.source, x.seq) == null && x.seq != 0) {
                    // seqs start at 0 for the session (FORMAT.md §4): a later first one is a lost beginning
                    r.seqGaps += x.seq;
                    r.problems.add("source " + x.source + " starts at seq " + x.seq + ", not 0");
                }
                if (r.byKey.put(key(x.source, x.seq), x) != null) {
                    r.problems.add("duplicate (source, seq) " + x);
                }
                if (x.type == LOST) {
                    r.lostRecords++;
                    r.lostRecordCount += x.args.length > 0 ? x.args[0] : 0;
                }
                if (x.type == TRACE_CTRL && x.args.length > 0 && (x.args[0] & 1) == 0 && r.offOrder < 0) {
                    r.offOrder = x.order;
                }
            }

            @Override
            public void onHeader(SessionHeader h) {
                if (h.sessionId() == session) {
                    if (state[0] == 0) {
                        state[0] = 1;
                        at[0] = dref[0].frameDecoder().corrupt();
                        at[1] = dref[0].stats().unknown();
                    }
                    if (state[0] == 1) {
                        r.header = h;
                        r.headers++;
                    }
                } else if (state[0] == 1) {
                    end();
                }
            }

            void end() {
                state[0] = 2;
                r.corrupt = dref[0].frameDecoder().corrupt() - at[0];
                r.unknownDelta = dref[0].stats().unknown() - at[1];
            }

            @Override
            public void onTransportLoss(int source, long expectedSeq, long seq) {
                if (state[0] == 1) {
                    r.seqGaps += seq - expectedSeq;
                    r.problems.add("seq gap on source " + source + ": " + expectedSeq + " -> " + seq);
                }
            }
        };
        StreamDecoder d = StreamDecoder.create(v);
        dref[0] = d;
        d.push(b, start, b.length - start);
        d.finish();
        if (state[0] == 1) {
            state[0] = 2;
            r.corrupt = d.frameDecoder().corrupt() - at[0];
            r.unknownDelta = d.stats().unknown() - at[1];
        }
        return r;
    }

    /** Per request id, the records naming it (records with id 0 are not requests). */
    static final class Req {
        final long id;
        final List<Rec> post = new ArrayList<>(), apBell = new ArrayList<>(), take = new ArrayList<>(),
                done = new ArrayList<>(), dispatch = new ArrayList<>(), drvBegin = new ArrayList<>(),
                drvEnd = new ArrayList<>(), reply = new ArrayList<>(), linBell = new ArrayList<>();

        Req(long id) {
            this.id = id;
        }
    }

    /** One check's outcome. */
    record Verdict(String name, boolean ok, String detail) {
    }

    /** A Linux TSC on the AP clock: the latest CLOCK_SYNC of its source before it (§5.3). */
    static final class Clock {
        final Map<Integer, List<Rec>> syncs = new HashMap<>();
        final List<Rec> all = new ArrayList<>();

        Clock(List<Rec> recs) {
            for (Rec x : recs) {
                if (x.type == CLOCK_SYNC && x.source != 0) {
                    syncs.computeIfAbsent(x.source, k -> new ArrayList<>()).add(x);
                    all.add(x);
                }
            }
        }

        /** {offset, uncertainty} for record x, or null when no CLOCK_SYNC precedes it. */
        long[] at(Rec x) {
            Rec best = null;
            for (Rec s : syncs.getOrDefault(x.source, List.of())) {
                if (s.seq < x.seq) {
                    best = s;
                }
            }
            if (best == null) {
                for (Rec s : all) {
                    if (s.order < x.order) {
                        best = s;
                    }
                }
            }
            return best == null ? null : new long[] {best.args[0], best.args[1]};
        }
    }

    static List<Verdict> checkOne(Recording r, String prefix, long slack) {
        List<Verdict> out = new ArrayList<>();
        String p = prefix + "-" + r.name.replaceAll("\\.pmdt$", "");
        if (r.header == null) {
            out.add(new Verdict(p + "-session", false, "no header of the session in the recording"));
            return out;
        }
        // 1. Loss and corruption.
        out.add(new Verdict(p + "-no-loss",
                r.lostRecords == 0 && r.seqGaps == 0 && r.corrupt == 0 && r.unknownDelta == 0 && r.problems.isEmpty(),
                String.format("%d records, LOST records %d (%d events), seq gaps %d, corrupt frames %d, unknown %d%s",
                        r.recs.size(), r.lostRecords, r.lostRecordCount, r.seqGaps, r.corrupt, r.unknownDelta,
                        r.problems.isEmpty() ? "" : "; " + String.join("; ", r.problems.subList(0,
                                Math.min(3, r.problems.size()))))));

        // 2. Requests and their phases.
        Map<Long, Req> reqs = new TreeMap<>();
        List<String> orphans = new ArrayList<>();
        for (Rec x : r.recs) {
            if (x.type == REQ_POST && x.source == 0) {
                reqs.computeIfAbsent(x.req, Req::new).post.add(x);
            }
        }
        for (Rec x : r.recs) {
            if (x.req == 0 || x.type == REQ_POST) {
                continue;
            }
            Req q = reqs.get(x.req);
            boolean ap = x.source == 0;
            List<Rec> slot = null;
            switch (x.type) {
                case DB_SEND, DB_SUPPRESS -> {
                    long ring = x.args[0];
                    if (ap && ring == 0) {
                        slot = q == null ? null : q.apBell;
                    } else if (!ap && ring == 1) {
                        slot = q == null ? null : q.linBell;
                    } else {
                        orphans.add("unexpected doorbell " + x);
                        continue;
                    }
                }
                case REPLY_TAKE -> slot = ap && q != null ? q.take : null;
                case REQ_DONE -> slot = ap && q != null ? q.done : null;
                case DISPATCH -> slot = !ap && q != null ? q.dispatch : null;
                case DRV_BEGIN -> slot = !ap && q != null ? q.drvBegin : null;
                case DRV_END -> slot = !ap && q != null ? q.drvEnd : null;
                case REPLY_POST -> slot = !ap && q != null ? q.reply : null;
                default -> {
                    continue; // EVENT_POST/EVENT_TAKE carry event numbers, INFLIGHT etc. no request
                }
            }
            if (slot == null) {
                orphans.add((q == null ? "id never posted by the AP: " : "on the wrong side: ") + x);
            } else {
                slot.add(x);
            }
        }
        List<String> missing = new ArrayList<>();
        int refused = 0, sent = 0, suppressed = 0;
        for (Req q : reqs.values()) {
            StringBuilder m = new StringBuilder();
            boolean refusedHere = q.reply.size() == 1 && q.reply.get(0).args[0] < 0 && q.drvBegin.isEmpty()
                    && q.drvEnd.isEmpty();
            if (refusedHere) {
                refused++;
            }
            once(m, "REQ_POST", q.post);
            once(m, "DOORBELL(ring 0)", q.apBell);
            once(m, "REPLY_TAKE", q.take);
            once(m, "REQ_DONE", q.done);
            once(m, "DISPATCH", q.dispatch);
            if (!refusedHere) {
                once(m, "DRV_BEGIN", q.drvBegin);
                once(m, "DRV_END", q.drvEnd);
            }
            once(m, "REPLY_POST", q.reply);
            once(m, "DOORBELL(ring 1)", q.linBell);
            if (q.apBell.size() == 1) {
                if (q.apBell.get(0).type == DB_SEND) {
                    sent++;
                } else {
                    suppressed++;
                }
            }
            if (m.length() > 0) {
                missing.add("req " + q.id + ":" + m);
            }
        }
        out.add(new Verdict(p + "-phases", !reqs.isEmpty() && missing.isEmpty() && orphans.isEmpty(),
                String.format("%d requests posted by the AP (%d refused before the driver; ring-0 doorbells %d sent,"
                                + " %d suppressed), each with all its phases once: %s; records naming no posted"
                                + " request: %d%s",
                        reqs.size(), refused, sent, suppressed,
                        reqs.isEmpty() ? "no requests" : missing.isEmpty() ? "yes" : missing.size() + " not, e.g. " + String.join("; ",
                                missing.subList(0, Math.min(3, missing.size()))),
                        orphans.size(), orphans.isEmpty() ? "" : ", e.g. " + String.join("; ",
                                orphans.subList(0, Math.min(3, orphans.size()))))));

        // 3. Order per side (complete requests only: the phase check reports the others).
        List<String> apBad = new ArrayList<>(), linBad = new ArrayList<>();
        int ordered = 0;
        for (Req q : reqs.values()) {
            if (q.post.size() != 1 || q.apBell.size() != 1 || q.take.size() != 1 || q.done.size() != 1
                    || q.dispatch.size() != 1 || q.reply.size() != 1 || q.linBell.size() != 1
                    || q.drvBegin.size() > 1 || q.drvBegin.size() != q.drvEnd.size()) {
                continue;
            }
            ordered++;
            String e = inOrder(q.post.get(0), q.apBell.get(0), q.take.get(0), q.done.get(0));
            if (e != null) {
                apBad.add("req " + q.id + ": " + e);
            }
            List<Rec> lin = new ArrayList<>();
            lin.add(q.dispatch.get(0));
            lin.addAll(q.drvBegin);
            lin.addAll(q.drvEnd);
            lin.add(q.reply.get(0));
            lin.add(q.linBell.get(0));
            e = inOrder(lin.toArray(new Rec[0]));
            if (e != null) {
                linBad.add("req " + q.id + ": " + e);
            }
        }
        out.add(new Verdict(p + "-ap-order", ordered > 0 && apBad.isEmpty(),
                String.format("%d requests: REQ_POST < DOORBELL(ring 0) < REPLY_TAKE < REQ_DONE on source 0 (seq,"
                        + " TSC non-decreasing): %s", ordered, apBad.isEmpty() ? "all" : apBad.size() + " not, e.g. "
                        + String.join("; ", apBad.subList(0, Math.min(2, apBad.size()))))));
        out.add(new Verdict(p + "-linux-order", ordered > 0 && linBad.isEmpty(),
                String.format("%d requests: DISPATCH < DRV_BEGIN < DRV_END < REPLY_POST < DOORBELL(ring 1) on one"
                        + " Linux source (seq, TSC non-decreasing): %s", ordered, linBad.isEmpty() ? "all"
                        : linBad.size() + " not, e.g. " + String.join("; ", linBad.subList(0, Math.min(2,
                        linBad.size()))))));

        // 4. Across the sides, on the AP clock.
        Clock clock = new Clock(r.recs);
        long worstIn = Long.MIN_VALUE, worstOut = Long.MIN_VALUE, maxUnc = 0;
        String worstInReq = "-", worstOutReq = "-";
        List<String> cross = new ArrayList<>();
        int crossN = 0;
        for (Req q : reqs.values()) {
            if (q.post.size() != 1 || q.dispatch.size() != 1 || q.reply.size() != 1 || q.take.size() != 1) {
                continue;
            }
            Rec post = q.post.get(0), disp = q.dispatch.get(0), reply = q.reply.get(0), take = q.take.get(0);
            long[] cd = clock.at(disp), cr = clock.at(reply);
            if (cd == null || cr == null) {
                cross.add("req " + q.id + ": no CLOCK_SYNC before its Linux records");
                continue;
            }
            crossN++;
            maxUnc = Math.max(maxUnc, Math.max(cd[1], cr[1]));
            // margin > 0: the later phase comes before the earlier one by more than the uncertainty
            long in = post.tsc - (disp.tsc + cd[0]) - cd[1] - slack;
            long outm = (reply.tsc + cr[0]) - take.tsc - cr[1] - slack;
            if (in > worstIn) {
                worstIn = in;
                worstInReq = Long.toString(q.id);
            }
            if (outm > worstOut) {
                worstOut = outm;
                worstOutReq = Long.toString(q.id);
            }
            if (in > 0) {
                cross.add(String.format("req %d: REQ_POST %d cycles after DISPATCH beyond the uncertainty %d",
                        q.id, in, cd[1]));
            }
            if (outm > 0) {
                cross.add(String.format("req %d: REPLY_POST %d cycles after REPLY_TAKE beyond the uncertainty %d",
                        q.id, outm, cr[1]));
            }
        }
        double nsPerCycle = r.header.tscKhzAp() > 0 ? 1e6 / r.header.tscKhzAp() : 1;
        out.add(new Verdict(p + "-clock-order", crossN > 0 && cross.isEmpty(),
                String.format("%d requests on the AP clock (%d CLOCK_SYNC, uncertainty <= %d cycles = %.0f ns, slack"
                                + " %d): REQ_POST <= DISPATCH + u and REPLY_POST <= REPLY_TAKE + u; worst margins"
                                + " (<= 0 is in order) post->dispatch %d cycles (req %s), reply->take %d cycles"
                                + " (req %s)%s",
                        crossN, clock.all.size(), maxUnc, maxUnc * nsPerCycle, slack, worstIn, worstInReq, worstOut,
                        worstOutReq, cross.isEmpty() ? "" : "; " + cross.size() + " violations, e.g. "
                                + String.join("; ", cross.subList(0, Math.min(3, cross.size()))))));
        r.summaryRequests = reqs.size();
        r.summaryRefused = refused;
        r.summaryWorstIn = worstIn;
        r.summaryWorstOut = worstOut;
        r.summaryMaxUnc = maxUnc;
        r.summarySyncs = clock.all.size();
        return out;
    }

    private static void once(StringBuilder m, String what, List<Rec> l) {
        if (l.size() != 1) {
            m.append(' ').append(what).append(" x").append(l.size());
        }
    }

    /** Null when the records are in strictly increasing seq order on one source, TSC non-decreasing. */
    private static String inOrder(Rec... rs) {
        for (int i = 1; i < rs.length; i++) {
            Rec a = rs[i - 1], b = rs[i];
            if (a.source != b.source) {
                return "on different sources: " + a + " / " + b;
            }
            if (a.seq >= b.seq || Long.compareUnsigned(a.tsc, b.tsc) > 0) {
                return a + " then " + b;
            }
        }
        return null;
    }

    static Verdict same(Recording a, Recording b, String prefix) {
        // up to the end of tracing in each; what follows TRACE_CTRL(off) is counted only
        Map<Long, Rec> ka = upToOff(a), kb = upToOff(b);
        int diff = 0, onlyA = 0, onlyB = 0;
        String example = "";
        for (Map.Entry<Long, Rec> e : ka.entrySet()) {
            Rec y = kb.get(e.getKey());
            if (y == null) {
                onlyA++;
                example = example.isEmpty() ? "only in " + a.name + ": " + e.getValue() : example;
            } else if (!y.sameAs(e.getValue())) {
                diff++;
                example = example.isEmpty() ? "differs: " + e.getValue() + " / " + y : example;
            }
        }
        for (Map.Entry<Long, Rec> e : kb.entrySet()) {
            if (!ka.containsKey(e.getKey())) {
                onlyB++;
                example = example.isEmpty() ? "only in " + b.name + ": " + e.getValue() : example;
            }
        }
        boolean ok = diff == 0 && onlyA == 0 && onlyB == 0 && !ka.isEmpty() && a.offOrder >= 0 && b.offOrder >= 0;
        return new Verdict(prefix + "-same-records", ok, String.format(
                "%s and %s: %d records each up to TRACE_CTRL(off) (%s, %s), %d differ, %d only in %s, %d only in %s;"
                        + " after it %d and %d records (%s / %s)%s",
                a.name, b.name, ka.size(), a.offOrder >= 0 ? "found" : "missing", b.offOrder >= 0 ? "found" : "missing",
                diff, onlyA, a.name, onlyB, b.name, a.recs.size() - ka.size(), b.recs.size() - kb.size(),
                typesAfterOff(a), typesAfterOff(b), example.isEmpty() ? "" : "; " + example));
    }

    private static Map<Long, Rec> upToOff(Recording r) {
        Map<Long, Rec> m = new LinkedHashMap<>();
        for (Rec x : r.recs) {
            if (r.offOrder >= 0 && x.order > r.offOrder) {
                break;
            }
            m.put(key(x.source, x.seq), x);
        }
        return m;
    }

    private static String typesAfterOff(Recording r) {
        Map<String, Integer> t = new TreeMap<>();
        for (Rec x : r.recs) {
            if (r.offOrder >= 0 && x.order > r.offOrder) {
                EventType e = EventType.byId(x.type);
                t.merge(e == null ? "type" + x.type : e.name(), 1, Integer::sum);
            }
        }
        return t.isEmpty() ? "-" : t.toString().replace(" ", "");
    }

    public static void main(String[] args) throws Exception {
        long session = -1, slack = 16;
        String prefix = "trace/e2e";
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--session" -> session = Long.parseLong(args[++i], 16);
                case "--prefix" -> prefix = args[++i];
                case "--tsc-slack" -> slack = Long.parseLong(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (session < 0 || files.isEmpty()) {
            System.err.println("usage: TracePathCheck --session HEX [--prefix NAME] [--tsc-slack CYCLES] FILE...");
            System.exit(2);
        }
        List<Recording> recs = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Path f : files) {
            Recording r = read(f, session);
            recs.add(r);
            verdicts.addAll(checkOne(r, prefix, slack));
            System.out.printf("%s: session=%08x records=%d headers=%d requests=%d refused=%d lost_records=%d"
                            + " seq_gaps=%d corrupt=%d clock_syncs=%d max_uncertainty=%d worst_post_dispatch=%d"
                            + " worst_reply_take=%d%n",
                    r.name, session, r.recs.size(), r.headers, r.summaryRequests, r.summaryRefused, r.lostRecordCount,
                    r.seqGaps, r.corrupt, r.summarySyncs, r.summaryMaxUnc, r.summaryWorstIn, r.summaryWorstOut);
        }
        for (int i = 1; i < recs.size(); i++) {
            verdicts.add(same(recs.get(0), recs.get(i), prefix));
        }
        boolean bad = false;
        for (Verdict v : verdicts) {
            System.out.printf("%s %s: %s%n", v.ok ? "PASS" : "FAIL", v.name, v.detail);
            bad |= !v.ok;
        }
        System.exit(bad ? 1 : 0);
    }
}
