package org.pmdi.analysis.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.LogLevel;
import org.pmdi.trace.LogMessage;

/** Linux's LOG records at level ERR into CHANNEL_BROKEN and LINUX_ERROR findings. */
class LinuxLogMonitorTest {
    private static final int ERR = LogLevel.ERR.code();

    @Test
    void nothingLoggedNoFindings() {
        LinuxLogMonitor m = LinuxLogMonitor.create();
        m.onLog(5, new LogMessage(LogLevel.WARN.code(), "channel broken: only a warning"));
        m.onLog(6, new LogMessage(LogLevel.INFO.code(), "pmdi: loaded"));
        assertThat(m.findings()).isEmpty();
        assertThat(LinuxLogMonitor.wanted(ERR)).isTrue();
        assertThat(LinuxLogMonitor.wanted(LogLevel.WARN.code())).isFalse();
        assertThatThrownBy(() -> m.onLog(1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachChannelBrokenIsOneErrorInPlainWords() {
        LinuxLogMonitor m = LinuxLogMonitor.create();
        m.onLog(12_345_000_000L, new LogMessage(ERR, "channel broken: the AP's request ring index is impossible\n"));
        m.onLog(13_000_000_000L, new LogMessage(ERR, "channel broken: "));
        m.onLog(Request.ABSENT, new LogMessage(ERR, "channel broken: two\nlines"));
        List<Finding> f = m.findings();
        assertThat(f).extracting(Finding::kind).containsOnly(FindingKind.CHANNEL_BROKEN);
        assertThat(f).extracting(Finding::severity).containsOnly(Severity.ERROR);
        assertThat(f).extracting(Finding::summary).containsExactly(
                "Linux stopped serving the AP: the AP's request ring index is impossible (at 12.345 s)",
                "Linux stopped serving the AP: no reason given (at 13.000 s)",
                "Linux stopped serving the AP: two lines (at an unknown time)");
        assertThat(f.get(0).atNs()).isEqualTo(12_345_000_000L);
        assertThat(f.get(0).device()).isEqualTo(-1);
        assertThat(f.get(0).requestId()).isEqualTo(-1);
        assertThat(f.get(0).evidence().get(0))
                .isEqualTo("Linux log (error): channel broken: the AP's request ring index is impossible");
        assertThat(m.channelBrokenCount()).isEqualTo(3);
        assertThat(m.errorCount()).isZero();
    }

    @Test
    void otherErrorsAreCountedInOneWarning() {
        LinuxLogMonitor m = LinuxLogMonitor.create();
        m.onLog(1_000_000, new LogMessage(ERR, "pmdi: vdb: request 4 failed: -5"));
        m.onLog(2_000_000, new LogMessage(ERR, "Channel broken: not the module's prefix"));
        m.onLog(3_000_000, new LogMessage(ERR, "pmdi: vdb: request 9 failed: -5"));
        List<Finding> f = m.findings();
        assertThat(f).hasSize(1);
        Finding w = f.get(0);
        assertThat(w.kind()).isEqualTo(FindingKind.LINUX_ERROR);
        assertThat(w.severity()).isEqualTo(Severity.WARNING);
        assertThat(w.atNs()).isEqualTo(1_000_000);
        assertThat(w.summary()).isEqualTo("Linux logged 3 error(s), the first: pmdi: vdb: request 4 failed: -5");
        assertThat(w.evidence()).containsExactly("first at 1.00 ms: pmdi: vdb: request 4 failed: -5",
                "last at 3.00 ms: pmdi: vdb: request 9 failed: -5");
    }

    @Test
    void channelBrokenRecordsAreBounded() {
        LinuxLogMonitor m = LinuxLogMonitor.create();
        for (int i = 0; i < LinuxLogMonitor.MAX_BROKEN + 5; i++) {
            m.onLog(i, new LogMessage(ERR, "channel broken: storm " + i));
        }
        List<Finding> f = m.findings();
        assertThat(f).hasSize(LinuxLogMonitor.MAX_BROKEN);
        assertThat(f.get(f.size() - 1).evidence()).contains("5 more channel-broken record(s) not listed");
        assertThat(m.channelBrokenCount()).isEqualTo(LinuxLogMonitor.MAX_BROKEN + 5);
    }
}
