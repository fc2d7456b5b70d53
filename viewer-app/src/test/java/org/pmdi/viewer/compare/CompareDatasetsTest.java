package org.pmdi.viewer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.diff.Change;
import org.pmdi.analysis.diff.DiffConfig;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.ErrorDiff;
import org.pmdi.analysis.diff.FindingDiff;
import org.pmdi.analysis.diff.GroupDiff;
import org.pmdi.analysis.diff.GroupKey;

class CompareDatasetsTest {

    private static Histogram hist(long value, int count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(value, count);
        return h;
    }

    private static GroupDiff group(String dev, String op, Histogram base, Histogram neu) {
        return new GroupDiff(new GroupKey(dev, "block", op, 4096), Map.of(), Map.of(), List.of(),
                Map.of("total", base), Map.of("total", neu), List.of(), List.of());
    }

    private static long count(XYIntervalSeries s) {
        long n = 0;
        for (int i = 0; i < s.getItemCount(); i++) {
            n += Math.round(s.getYValue(i));
        }
        return n;
    }

    private static DiffReport report(List<GroupDiff> groups, List<Change> changes) {
        return new DiffReport("a.pmdt", "b.pmdt", DiffConfig.defaults(), groups, changes,
                List.of(new ErrorDiff("vdc", 100, 0, 100, 30), new ErrorDiff("vda", 100, 5, 100, 1)),
                List.of(new FindingDiff("SLOW_DRIVER", "vdb", true, "vdb is the slow driver"),
                        new FindingDiff("DRIVER_ERRORS", "vdc", false, "")), List.of("vdd"), List.of(), 9, 1, 1);
    }

    @Test
    void aDevicesHistogramsSumItsGroupsPerSide() {
        DiffReport r = report(List.of(group("vdb", "read", hist(100_000, 40), hist(50_000_000, 7)),
                group("vdb", "write", hist(200_000, 2), hist(60_000_000, 3)),
                group("vda", "read", hist(100_000, 1000), hist(100_000, 1000))), List.of());
        XYIntervalSeriesCollection c = CompareDatasets.histograms(r, "vdb", "total");
        assertThat(c.getSeriesCount()).isEqualTo(2);
        assertThat(c.getSeries(0).getKey()).isEqualTo(CompareDatasets.BASE);
        assertThat(c.getSeries(1).getKey()).isEqualTo(CompareDatasets.NEW);
        assertThat(count(c.getSeries(0))).isEqualTo(42);
        assertThat(count(c.getSeries(1))).isEqualTo(10);
        // the new side's bins lie where its values are (log bins: within a factor √2)
        assertThat(c.getSeries(1).getXLowValue(0)).isBetween(50_000_000 / 1.5, 50_000_000 * 1.01);
        // a phase no group measured: two empty series, still "base" and "new"
        XYIntervalSeriesCollection none = CompareDatasets.histograms(r, "vdb", "driver");
        assertThat(none.getSeriesCount()).isEqualTo(2);
        assertThat(none.getSeries(0).getItemCount()).isZero();
    }

    @Test
    void devicesOfSignificantChangesComeFirst() {
        GroupKey vdb = new GroupKey("vdb", "block", "read", 4096);
        Change reg = new Change(vdb, "driver", "p99", 1, 100, 100, 80, 120, true, true);
        DiffReport r = report(List.of(group("vda", "read", hist(1, 1), hist(1, 1)),
                group("vdb", "read", hist(1, 1), hist(1, 1)), group("null", "read", hist(1, 1), hist(1, 1))),
                List.of(reg));
        assertThat(CompareDatasets.devices(r)).containsExactly("vdb", "null", "vda");
        assertThat(CompareDatasets.headline(r)).startsWith("1 significant regression, 0 improvements of 9 comparisons");
    }

    @Test
    void notesTellErrorsThatGotWorseFindingsAndLoneDevices() {
        DiffReport r = report(List.of(), List.of());
        assertThat(CompareDatasets.headline(r)).startsWith("No significant change of 9 comparisons");
        List<String> notes = CompareDatasets.notes(r);
        assertThat(notes).anyMatch(n -> n.startsWith("errors vdc"));
        assertThat(notes).noneMatch(n -> n.contains("vda"));
        assertThat(notes).contains("new finding: vdb is the slow driver", "gone: DRIVER_ERRORS on vdc",
                "vdd only in the base trace");
    }
}
