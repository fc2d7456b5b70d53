package org.pmdi.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Mutable builder of a {@link SessionHeader}; not thread-safe.
 *
 * <pre>{@code
 * SessionHeader h = SessionHeader.builder().session(7, 0, 0, 0, 0).clock(1_000_000, 2_000_000).build();
 * }</pre>
 */
public final class SessionHeaderBuilder {
    private long sessionId;
    private long flags;
    private long startTsc;
    private long startMonoNs;
    private long startRealNs;
    private long tscKhzLinux;
    private long tscKhzAp;
    private int formatVersion = FormatVersion.CURRENT;
    private final List<Source> sources = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final List<BuildId> buildIds = new ArrayList<>();
    private final List<HeaderText> texts = new ArrayList<>();

    SessionHeaderBuilder() {
    }

    public SessionHeaderBuilder session(long sessionId, long flags, long startTsc, long startMonoNs,
            long startRealNs) {
        this.sessionId = sessionId;
        this.flags = flags;
        this.startTsc = startTsc;
        this.startMonoNs = startMonoNs;
        this.startRealNs = startRealNs;
        return this;
    }

    public SessionHeaderBuilder clock(long tscKhzLinux, long tscKhzAp) {
        this.tscKhzLinux = tscKhzLinux;
        this.tscKhzAp = tscKhzAp;
        return this;
    }

    /** The version whose magic the header carries (default {@link FormatVersion#CURRENT}). */
    public SessionHeaderBuilder formatVersion(int version) {
        if (!FormatVersion.isKnown(version)) {
            throw new IllegalArgumentException(FormatVersion.unknownMessage(version));
        }
        this.formatVersion = version;
        return this;
    }

    public SessionHeaderBuilder source(Source s) {
        Checks.notNull("s", s);
        sources.add(s);
        return this;
    }

    public SessionHeaderBuilder device(Device d) {
        Checks.notNull("d", d);
        devices.add(d);
        return this;
    }

    public SessionHeaderBuilder buildId(BuildId b) {
        Checks.notNull("b", b);
        buildIds.add(b);
        return this;
    }

    public SessionHeaderBuilder text(HeaderText t) {
        Checks.notNull("t", t);
        texts.add(t);
        return this;
    }

    public SessionHeader build() {
        return new SessionHeader(sessionId, flags, startTsc, startMonoNs, startRealNs, tscKhzLinux, tscKhzAp,
                sources, devices, buildIds, texts, formatVersion);
    }
}
