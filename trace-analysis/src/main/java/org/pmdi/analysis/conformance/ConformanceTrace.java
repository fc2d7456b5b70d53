package org.pmdi.analysis.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.loss.LossMap;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.trace.codec.DecodeStats;

/**
 * The trace part of the conformance suite (PORTING.md): a debugfs recording of one whole
 * conformance run, judged on the request model.
 *
 * <pre>{@code
 * ConformanceTrace.Result r = ConformanceTrace.check(Path.of("trace.pmdt"), 11812, 0);
 * r.verdicts().forEach(v -> System.out.println(v.line()));
 * }</pre>
 *
 * Two verdicts: {@code trace-lossless} (no loss of any kind: none in a ring, none in transport,
 * no corrupt or bad frame, nothing before the reader attached, no duplicate record, and the
 * module's own count of lost events, when given, is 0) and {@code trace-requests} (every request
 * has the AP's REQ_POST, REPLY_TAKE and REQ_DONE and Linux's DISPATCH and REPLY_POST, and DRV_BEGIN
 * and DRV_END unless Linux refused it; each side's points in order on its own clock, none out of
 * its ring's seq order or traced twice; no id reused while open; none left open; as many
 * requests as Linux took, when that count is given).
 */
public final class ConformanceTrace {
    /** The points every request has, refused or not. */
    private static final Point[] ALWAYS = {Point.POST, Point.DISPATCH, Point.REPLY_POST, Point.REPLY_TAKE,
        Point.DONE};
    /** Each side's points in the order they must come (DRV_* only for requests a driver saw). */
    private static final Point[] AP_ORDER = {Point.POST, Point.REPLY_TAKE, Point.DONE};
    private static final Point[] LINUX_ORDER = {Point.DISPATCH, Point.DRV_BEGIN, Point.DRV_END, Point.REPLY_POST};
    /*
     * Not NEGATIVE_INTERVAL: it marks any phase negative after clock mapping, also within the
     * clock-sync uncertainty (healthy samples/ traces have some); each side's order is checked
     * on its own clock instead.
     */
    private static final int BAD_FLAGS = RequestFlags.OUT_OF_ORDER | RequestFlags.DUPLICATE_EVENT | RequestFlags.ID_REUSED | RequestFlags.SESSION_ENDED
            | RequestFlags.FROM_SNAPSHOT;
    /** Problems described in a verdict's detail; the rest are counted. */
    private static final int SHOWN = 3;

    private ConformanceTrace() {
    }

    /** One check's outcome. */
    public record Verdict(String name, boolean pass, String detail) {
        /** {@code PASS|FAIL name: detail}. */
        public String line() {
            return (pass ? "PASS " : "FAIL ") + name + ": " + detail;
        }
    }

    /** Both verdicts, and the number of requests seen. */
    public record Result(List<Verdict> verdicts, long requests) {
        public boolean pass() {
            return verdicts.stream().allMatch(Verdict::pass);
        }
    }

    /**
     * Judges {@code trace}. {@code linuxRequests}: the requests Linux took in the run (debugfs
     * mailbox {@code requests}), or -1 not to compare; {@code moduleLost}: the events the
     * module counted lost for this reader ({@code trace_pipe closed} message), or -1 unknown.
     */
    public static Result check(Path trace, long linuxRequests, long moduleLost) throws IOException {
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        List<String> problems = new ArrayList<>();
        long[] seen = {0, 0};
        a.addRequestListener(v -> {
            seen[0]++;
            String p = problem(v.toRequest());
            if (p != null) {
                seen[1]++;
                if (problems.size() < SHOWN) {
                    problems.add(p);
                }
            }
        });
        DecodeStats st = TraceFiles.decode(trace, a);
        a.finish();
        // receive buffers still waiting for a frame when the trace ends are not incomplete
        List<Request> open = a.openRequests().stream().filter(r -> !r.waitingForFrame()).toList();
        for (Request r : open) {
            seen[1]++;
            if (problems.size() < SHOWN) {
                problems.add("request " + r.id() + " never completed on the AP (" + missing(r) + " missing)");
            }
        }
        long total = seen[0] + open.size();
        List<Verdict> out = new ArrayList<>();
        out.add(lossVerdict(st, a.loss(), moduleLost));

        String detail;
        boolean ok = seen[1] == 0 && total > 0;
        if (ok && linuxRequests >= 0 && total != linuxRequests) {
            ok = false;
            detail = total + " requests in the trace, Linux took " + linuxRequests;
        } else if (total == 0) {
            detail = "no request in the trace";
        } else if (ok) {
            detail = total + " requests" + (linuxRequests >= 0 ? " (all Linux took)" : "")
                    + ", each with REQ_POST, DISPATCH, DRV_BEGIN/DRV_END (unless refused), REPLY_POST,"
                    + " REPLY_TAKE and REQ_DONE in order, ids matching";
        } else {
            detail = seen[1] + " of " + total + " requests incomplete or out of order: "
                    + String.join("; ", problems);
        }
        out.add(new Verdict("trace-requests", ok, detail));
        return new Result(out, total);
    }

    private static Verdict lossVerdict(DecodeStats st, LossMap loss, long moduleLost) {
        List<String> bad = new ArrayList<>();
        add(bad, "lost in a ring", Math.max(st.lostInRing(), loss.ringLost()));
        add(bad, "lost in transport", Math.max(st.lostInTransport(), loss.gapLost()));
        add(bad, "corrupt frames", Math.max(st.corrupt(), loss.corruptFrames()));
        add(bad, "bad frames", loss.badFrames());
        add(bad, "bad headers", st.badHeaders());
        add(bad, "before the reader attached", loss.beforeAttach());
        add(bad, "duplicate records", loss.duplicates());
        add(bad, "lost by the module's debugfs reader", moduleLost);
        if (st.headers() == 0) {
            bad.add("no session header");
        }
        if (bad.isEmpty()) {
            return new Verdict("trace-lossless", true, st.events() + " events in " + st.frames() + " frames, "
                    + "nothing lost" + (moduleLost < 0 ? " (the module's own count not given)" : " (module: 0)"));
        }
        return new Verdict("trace-lossless", false, String.join(", ", bad));
    }

    private static void add(List<String> bad, String what, long n) {
        if (n > 0) {
            bad.add(n + " " + what);
        }
    }

    /** What is wrong with a finalized request, or null. */
    static String problem(Request r) {
        boolean refused = (r.flags() & RequestFlags.REFUSED) != 0;
        String miss = missing(r);
        if (!miss.isEmpty()) {
            return "request " + r.id() + ": " + miss + " missing";
        }
        if ((r.flags() & BAD_FLAGS) != 0) {
            return "request " + r.id() + ": " + RequestFlags.describe(r.flags() & BAD_FLAGS);
        }
        String o = order(r, AP_ORDER, false);
        if (o == null) {
            o = order(r, LINUX_ORDER, refused);
        }
        return o == null ? null : "request " + r.id() + ": " + o;
    }

    private static String missing(Request r) {
        boolean refused = (r.flags() & RequestFlags.REFUSED) != 0;
        List<String> m = new ArrayList<>();
        for (Point p : ALWAYS) {
            if (r.pointNs(p) == Request.ABSENT) {
                m.add(p.eventName());
            }
        }
        if (!refused) {
            for (Point p : new Point[] {Point.DRV_BEGIN, Point.DRV_END}) {
                if (r.pointNs(p) == Request.ABSENT) {
                    m.add(p.eventName());
                }
            }
        }
        return String.join(", ", m);
    }

    /** Points of one side (one clock) in order; DRV_* skipped for a refused request. */
    private static String order(Request r, Point[] points, boolean refused) {
        Point prev = null;
        for (Point p : points) {
            if (refused && (p == Point.DRV_BEGIN || p == Point.DRV_END)) {
                continue;
            }
            if (prev != null && r.pointNs(p) < r.pointNs(prev)) {
                return p.eventName() + " before " + prev.eventName();
            }
            prev = p;
        }
        return null;
    }
}
