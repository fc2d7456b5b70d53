package org.pmdi.analysis.findings;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.LogLevel;
import org.pmdi.trace.LogMessage;

/**
 * Watches the LOG records Linux writes (the kernel module's complaints) and turns those at
 * level {@link LogLevel#ERR} into {@link Finding}s: each "channel broken: REASON" (Linux
 * declared a channel broken because the AP broke the protocol, virtio's BAD_RING) is a
 * {@link FindingKind#CHANNEL_BROKEN} error; the other errors are counted in one
 * {@link FindingKind#LINUX_ERROR} warning (first and last time and message).
 *
 * <pre>{@code
 * LinuxLogMonitor m = LinuxLogMonitor.create();
 * if (LinuxLogMonitor.wanted(level)) m.onLog(ns, LogMessage.parse(blob));   // Linux-side LOG records
 * List<Finding> f = m.findings();
 * }</pre>
 *
 * LOG records of the AP and below ERR are not its business. Single writer, not thread-safe;
 * allocates only for the error records (rare), and keeps at most {@link #MAX_BROKEN} of the
 * channel-broken ones (the module says so once per channel; the rest are counted).
 */
public final class LinuxLogMonitor {
    /** How the module's LOG text starts when it declares a channel broken (issue 13). */
    public static final String CHANNEL_BROKEN_PREFIX = "channel broken: ";
    /** Channel-broken records kept as findings; more are counted in the last one. */
    public static final int MAX_BROKEN = 64;
    private static final long A = Request.ABSENT;
    private static final int ERR = LogLevel.ERR.code();

    /** One channel-broken record: when, and the reason after the prefix. */
    private record Broken(long atNs, String reason, String text) {
    }

    private final List<Broken> broken = new ArrayList<>();
    private long brokenNotKept;
    private long errors;
    private long firstErrorNs = A;
    private long lastErrorNs = A;
    private String firstError;
    private String lastError;

    private LinuxLogMonitor() {
    }

    public static LinuxLogMonitor create() {
        return new LinuxLogMonitor();
    }

    /** True when a LOG record with this level byte (0..255) can make a finding: parse it then. */
    public static boolean wanted(int level) {
        return level == ERR;
    }

    /** A LOG record (not null) Linux wrote at {@code ns} (or {@link Request#ABSENT}). */
    public void onLog(long ns, LogMessage m) {
        if (m == null) {
            throw new IllegalArgumentException("m must not be null");
        }
        if (!wanted(m.level())) {
            return;
        }
        String text = plain(m.text());
        if (m.text().startsWith(CHANNEL_BROKEN_PREFIX)) {
            if (broken.size() < MAX_BROKEN) {
                String reason = plain(m.text().substring(CHANNEL_BROKEN_PREFIX.length()));
                broken.add(new Broken(ns, reason.isEmpty() ? "no reason given" : reason, text));
            } else {
                brokenNotKept++;
            }
            return;
        }
        if (errors++ == 0) {
            firstErrorNs = ns;
            firstError = text;
        }
        lastErrorNs = ns;
        lastError = text;
    }

    /** Channel-broken records seen (kept or not). */
    public long channelBrokenCount() {
        return broken.size() + brokenNotKept;
    }

    /** Other error records seen. */
    public long errorCount() {
        return errors;
    }

    /** The findings: each channel broken (errors), then the other errors in one warning. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < broken.size(); i++) {
            Broken b = broken.get(i);
            List<String> ev = new ArrayList<>();
            ev.add("Linux log (error): " + b.text());
            ev.add("Linux declared the channel broken: it no longer serves the AP's requests on it");
            if (i == broken.size() - 1 && brokenNotKept > 0) {
                ev.add(brokenNotKept + " more channel-broken record(s) not listed");
            }
            out.add(Finding.of(FindingKind.CHANNEL_BROKEN, Severity.ERROR,
                    "Linux stopped serving the AP: " + b.reason() + " (at " + at(b.atNs()) + ")", -1, -1, b.atNs(),
                    ev));
        }
        if (errors > 0) {
            List<String> ev = new ArrayList<>();
            ev.add("first at " + at(firstErrorNs) + ": " + firstError);
            if (errors > 1) {
                ev.add("last at " + at(lastErrorNs) + ": " + lastError);
            }
            out.add(Finding.of(FindingKind.LINUX_ERROR, Severity.WARNING,
                    "Linux logged " + errors + " error(s), the first: " + firstError, -1, -1, firstErrorNs, ev));
        }
        return out;
    }

    private static String at(long ns) {
        return ns == A ? "an unknown time" : Durations.format(ns);
    }

    /** One line: control characters (newlines too) become spaces, ends trimmed. */
    private static String plain(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
