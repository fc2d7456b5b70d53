package org.pmdi.analysis.diff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;

/**
 * One trace of a comparison, read in one streamed pass: its final snapshot (devices, errors,
 * findings) and its groups by name.
 *
 * @param groups      per group: the histograms (six phases then the total, null where none)
 *                    and the slowest requests
 * @param spanSeconds the span of the trace's completed requests (for rates)
 */
record Side(AnalysisSnapshot snapshot, long events, double spanSeconds, Map<GroupKey, Group> groups) {
    /** One group of one side. */
    record Group(Histogram[] hist, List<Slowest> slowest) {
    }

    static Side read(Path path, AnalysisConfig config) throws IOException {
        TraceAnalyzer a = TraceAnalyzer.create(config);
        GroupCollector c = new GroupCollector();
        a.addRequestListener(c);
        TraceFiles.decode(path, a);
        a.finish();
        if (a.events() == 0) {
            // nothing to compare with: an empty file, or bytes that are not a pmdi trace
            throw new IOException(path + ": no trace events (empty, or not a pmdi trace)");
        }
        AnalysisSnapshot s = a.snapshot();
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        for (GroupCollector.Acc acc : c.groups()) {
            GroupKey key = new GroupKey(name(s, acc.device), deviceClass(s, acc.device), GroupKey.opName(acc.op),
                    acc.sizeClass);
            Group g = new Group(acc.hist, acc.slowest());
            groups.merge(key, g, Side::merge);
        }
        return new Side(s, a.events(), a.latency().spanSeconds(), groups);
    }

    static String name(AnalysisSnapshot s, int device) {
        DeviceInfo d = s.device(device);
        return d != null ? d.name() : device < 0 ? "unknown" : "dev" + device;
    }

    static String deviceClass(AnalysisSnapshot s, int device) {
        DeviceInfo d = s.device(device);
        return d != null ? d.deviceClass() : "unknown";
    }

    /** Two device ids with the same name and class (one trace, two sessions): one group. */
    private static Group merge(Group a, Group b) {
        Histogram[] h = new Histogram[a.hist.length];
        for (int i = 0; i < h.length; i++) {
            if (a.hist[i] == null || b.hist[i] == null) {
                h[i] = a.hist[i] != null ? a.hist[i] : b.hist[i];
            } else {
                h[i] = a.hist[i].copy();
                h[i].add(b.hist[i]);
            }
        }
        List<Slowest> slow = new ArrayList<>(a.slowest);
        slow.addAll(b.slowest);
        slow.sort((x, y) -> Long.compare(y.totalNs(), x.totalNs()));
        return new Group(h, List.copyOf(slow.subList(0, Math.min(GroupCollector.SLOWEST, slow.size()))));
    }
}
