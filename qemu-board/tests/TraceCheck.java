import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * Decodes a trace recorded from the board with the project's Java codec and prints one line
 * of counters for qemu-board/tests/run.sh, per file:
 *
 * <pre>{@code
 * java -cp "$(java_classpath serial-bridge)" qemu-board/tests/TraceCheck.java serial.pmdt
 * serial.pmdt: skipped=0 frames=812 corrupt=0 unknown=0 events=4021 lost_transport=0 ...
 * }</pre>
 *
 * A recorder that opened a live line in the middle of a frame holds a partial frame before the
 * first delimiter: that is the join, not line corruption, so the bytes before the first 0x00 are
 * skipped and reported as {@code skipped}. Events and transport loss are also given per session
 * ({@code sessions=ID:EVENTS/LOST,...}; what precedes the first header belongs to the first
 * session), for comparison with the module's counters.
 */
public final class TraceCheck {
    private TraceCheck() {
    }

    public static void main(String[] args) throws Exception {
        int bad = 0;
        for (String a : args) {
            bad |= check(Path.of(a));
        }
        System.exit(bad);
    }

    private static int check(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        int start = 0;
        while (start < b.length && b[start] != 0) {
            start++;
        }
        Map<Long, long[]> sessions = new LinkedHashMap<>(); // id -> {events, lost_transport}
        long[] current = {-1};
        long[] headers = {0};
        Map<String, Long> types = new TreeMap<>();
        Map<String, Long> lastSeq = new java.util.HashMap<>();
        Map<Long, Long> decoderGaps = new TreeMap<>();
        StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
            private long[] cur() {
                return sessions.computeIfAbsent(current[0], k -> new long[2]);
            }

            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] a, int n) {
                cur()[0]++;
                count(type);
                gap(source, seq);
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                cur()[0]++;
                count(type);
                gap(source, seq);
            }

            /*
             * Loss counted by this oracle itself, record by record: a record's seq
             * more than one past the previous record of its source (same session)
             * means the records between were lost. Independent of the decoder's
             * frame-level count (decoder_gaps), which it is compared with.
             */
            private void gap(int source, long seq) {
                String k = current[0] + "/" + source;
                Long prev = lastSeq.put(k, seq);
                if (prev != null && seq > prev + 1) {
                    cur()[1] += seq - prev - 1;
                }
            }

            private void count(int type) {
                EventType t = EventType.byId(type);
                types.merge(t == null ? "type" + type : t.name(), 1L, Long::sum);
            }

            @Override
            public void onHeader(SessionHeader h) {
                headers[0]++;
                long[] before = current[0] < 0 ? sessions.remove(-1L) : null;
                current[0] = h.sessionId();
                long[] c = cur();
                if (before != null) {
                    // a reader that joined mid-stream: what came before the first header is this session's
                    c[0] += before[0];
                    c[1] += before[1];
                }
            }

            @Override
            public void onTransportLoss(int source, long expectedSeq, long seq) {
                decoderGaps.merge(current[0], seq - expectedSeq, Long::sum);
            }
        });
        d.push(b, start, b.length - start);
        d.finish();
        DecodeStats s = d.stats();
        StringBuilder per = new StringBuilder();
        for (Map.Entry<Long, long[]> e : sessions.entrySet()) {
            if (e.getKey() < 0 && e.getValue()[0] == 0 && e.getValue()[1] == 0) {
                continue;
            }
            per.append(per.length() == 0 ? "" : ",")
                    .append(e.getKey() < 0 ? "none" : String.format("%08x", e.getKey()))
                    .append(':').append(e.getValue()[0]).append('/').append(e.getValue()[1])
                    .append('/').append(decoderGaps.getOrDefault(e.getKey(), 0L));
        }
        StringBuilder ty = new StringBuilder();
        types.forEach((k, v) -> ty.append(ty.length() == 0 ? "" : ",").append(k).append(':').append(v));
        System.out.printf("%s: bytes=%d skipped=%d frames=%d corrupt=%d unknown=%d events=%d"
                        + " lost_transport=%d lost_ring=%d headers=%d sessions=%s types=%s%n",
                file.getFileName(), b.length, start, s.frames(), s.corrupt(), s.unknown(), s.events(),
                s.lostInTransport(), s.lostInRing(), headers[0], per.length() == 0 ? "-" : per,
                ty.length() == 0 ? "-" : ty);
        return s.corrupt() == 0 ? 0 : 1;
    }
}
