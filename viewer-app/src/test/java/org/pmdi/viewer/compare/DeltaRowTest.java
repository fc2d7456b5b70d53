package org.pmdi.viewer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.diff.Change;
import org.pmdi.analysis.diff.DiffConfig;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.GroupKey;

class DeltaRowTest {
    private static final GroupKey VDB = new GroupKey("vdb", "block", "read", 65536);

    private static Change change(double lo, double r, double hi, boolean enough, boolean sig) {
        return new Change(VDB, "driver", "p99", 4_600_000, Math.round(4_600_000 * r), r, lo, hi, enough, sig);
    }

    @Test
    void marksFollowSignificanceAndDirection() {
        assertThat(new DeltaRow(change(25, 31, 38, true, true)).mark()).isEqualTo(DeltaRow.REGRESSION);
        assertThat(new DeltaRow(change(0.2, 0.25, 0.3, true, true)).mark()).isEqualTo(DeltaRow.IMPROVEMENT);
        // a big ratio whose interval reaches the minimum effect is not marked
        assertThat(new DeltaRow(change(1.1, 3, 9, true, false)).mark()).isEmpty();
    }

    @Test
    void columnsSayTheChangeInWords() {
        DeltaRow r = new DeltaRow(change(25.04, 31.7, 38.1, true, true));
        assertThat(r.group()).isEqualTo("vdb read 64 KiB");
        assertThat(r.phase()).isEqualTo("in driver");
        assertThat(r.stat()).isEqualTo("p99");
        assertThat(r.values()).isEqualTo("4.60 ms → 146 ms");
        assertThat(r.ratio()).isEqualTo("31.7×");
        assertThat(r.interval()).isEqualTo("25.0–38.1×");
        assertThat(new DeltaRow(change(0.5, 1.5, 3, false, false)).interval()).isEqualTo("too few samples");
        assertThat(DeltaRow.phaseWords("total")).isEqualTo("total");
        assertThat(DeltaRow.duration(880)).isEqualTo("880 ns");
        assertThat(DeltaRow.duration(135_039)).isEqualTo("135 µs");
        assertThat(DeltaRow.duration(21_588_000)).isEqualTo("21.6 ms");
        assertThat(DeltaRow.duration(2_000_000_000)).isEqualTo("2.00 s");
    }

    @Test
    void rowsKeepTheReportsOrder() {
        List<Change> cs = List.of(change(25, 31, 38, true, true), change(0.2, 0.25, 0.3, true, true),
                change(0.9, 1, 1.1, true, false));
        DiffReport r = new DiffReport("a", "b", DiffConfig.defaults(), List.of(), cs, List.of(), List.of(), List.of(),
                List.of(), 3, 10, 10);
        assertThat(DeltaRow.of(r)).extracting(DeltaRow::change).containsExactlyElementsOf(cs);
    }
}
