import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.RefusalReason;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * The counts samples/README.md gives for a sample trace, from the project's Java decoder:
 * requests done per device and status, DRV_END per device and status, REQ_REFUSED per reason.
 *
 * <pre>{@code
 * java -cp "$(java_classpath trace-format)" samples/SampleCounts.java samples/disk-errors.pmdt
 * }</pre>
 *
 * Two passes: the first learns each request's device from its REQ_POST (a Linux record may
 * come before the AP's in stream order), the second counts. Requests posted before the
 * capture began count under "dev ?". Also checks that every REQ_REFUSED is followed, on its
 * ring, by its request's REPLY_POST.
 */
public final class SampleCounts {
    private SampleCounts() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            count(Path.of(a));
        }
    }

    private static void count(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        Map<Long, Integer> devOf = new java.util.HashMap<>();
        StreamDecoder first = StreamDecoder.create(new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] x, int n) {
                if (type == EventType.REQ_POST.id()) {
                    devOf.put(req, (int) x[0]);
                }
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            }
        });
        first.push(b, 0, b.length);
        first.finish();
        Map<String, Long> counts = new TreeMap<>();
        SessionHeader[] header = {null};
        long[] refusedThenReply = {0, 0};
        long[] refusedReq = new long[256];
        java.util.Arrays.fill(refusedReq, -1);
        StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] x, int n) {
                if (type == EventType.REPLY_POST.id() && refusedReq[source] == req) {
                    refusedThenReply[0]++;
                }
                if (type == EventType.REQ_REFUSED.id()) {
                    refusedThenReply[1]++;
                    refusedReq[source] = req;
                } else if (EventType.hasReqOf(type) && req != 0) {
                    refusedReq[source] = -1;
                }
                if (type == EventType.REQ_POST.id()) {
                    add("REQ_POST " + dev(req) + " op " + x[1]);
                } else if (type == EventType.DRV_END.id()) {
                    add("DRV_END " + dev(req) + " status " + x[0]);
                } else if (type == EventType.REQ_DONE.id()) {
                    add("REQ_DONE " + dev(req) + " status " + x[0]);
                } else if (type == EventType.REPLY_POST.id() && x[0] != 0) {
                    add("REPLY_POST " + dev(req) + " status " + x[0]);
                } else if (type == EventType.REQ_REFUSED.id()) {
                    add("REQ_REFUSED reason " + x[0] + " " + RefusalReason.of(x[0]).key());
                }
            }

            private String dev(long req) {
                Integer id = devOf.get(req);
                Device dv = id == null || header[0] == null ? null : header[0].device(id);
                return dv != null ? dv.name() : id != null ? "dev " + id : "dev ?";
            }

            private void add(String k) {
                counts.merge(k, 1L, Long::sum);
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            }

            @Override
            public void onHeader(SessionHeader h) {
                header[0] = h;
            }
        });
        d.push(b, 0, b.length);
        d.finish();
        DecodeStats s = d.stats();
        System.out.printf("%s: format v%s, %d events, %d corrupt, %d lost in ring, %d lost in transport%n", file,
                header[0] == null ? "?" : header[0].formatVersion(), s.events(), s.corrupt(), s.lostInRing(),
                s.lostInTransport());
        counts.forEach((k, v) -> System.out.printf("  %-40s %d%n", k, v));
        System.out.printf("  REQ_REFUSED followed on its ring by its REPLY_POST: %d of %d%n", refusedThenReply[0],
                refusedThenReply[1]);
    }
}
