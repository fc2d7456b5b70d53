package org.pmdi.analysis.loss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.TraceAnalyzer;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.trace.codec.StreamDecoder;

/**
 * One sample under damage, checked against {@link LossOracle}: the loss property of issue
 * 14, shared by the test ({@code LossPropertyTest}) and the bench ({@code LossBench}).
 *
 * <pre>{@code
 * LossCheck c = LossCheck.load(Path.of("../samples/no-reap.pmdt"));
 * LossCheck.Outcome o = c.run(Damage.random(c.sample(), seed));
 * o.problems();   // empty when the property holds
 * }</pre>
 */
final class LossCheck {
    /** The samples with no stuck request and no silent AP: neither may appear under damage. */
    static final Set<String> HEALTHY = Set.of("healthy", "slow-disk");
    static final List<String> SAMPLES = List.of("healthy", "slow-disk", "stuck-driver", "no-doorbell", "no-reap",
            "flight-no-reap", "ap-fault", "ap-silent");

    private final SampleStream sample;
    /** Stuck request ids of the undamaged sample. */
    private final Set<Long> stuck;

    private LossCheck(SampleStream sample, Set<Long> stuck) {
        this.sample = sample;
        this.stuck = stuck;
    }

    static LossCheck load(Path trace) throws IOException {
        AnalysisSnapshot s = TraceFiles.analyze(trace, AnalysisConfig.defaults());
        Set<Long> ids = new TreeSet<>();
        for (StuckRequest r : s.stuck()) {
            ids.add(r.request().id());
        }
        return new LossCheck(SampleStream.read(trace), ids);
    }

    SampleStream sample() {
        return sample;
    }

    Set<Long> groundTruth() {
        return stuck;
    }

    /**
     * @param falseStuck stuck or AP-silent findings (warning or error) the damage made up
     * @param required   stuck requests the oracle says must still be diagnosed
     * @param diagnosed  of those, how many were
     * @param found      stuck requests of the undamaged sample diagnosed, required or not
     * @param cannotTell STUCK_UNCERTAIN findings
     * @param problems   what broke the property, plain words (empty: it holds)
     */
    record Outcome(int falseStuck, int required, int diagnosed, int found, int cannotTell, List<String> problems) {
    }

    Outcome run(Damage d) {
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        StreamDecoder dec = StreamDecoder.create(a);
        dec.push(d.bytes(), 0, d.bytes().length);
        dec.finish();
        a.finish();
        AnalysisSnapshot s = a.snapshot();
        List<String> problems = new ArrayList<>();
        boolean healthy = HEALTHY.contains(sample.name());
        int falseStuck = 0;
        for (Finding f : s.findings()) {
            boolean stuckLike = f.kind() == FindingKind.STUCK_REQUEST || f.kind() == FindingKind.AP_SILENT;
            if (!stuckLike || f.severity() == Severity.INFO) {
                continue;
            }
            boolean known = f.kind() == FindingKind.STUCK_REQUEST ? stuck.contains(f.requestId())
                    : !healthy && !stuck.isEmpty() || sample.name().equals("ap-fault");
            if (healthy || !known) {
                falseStuck++;
                problems.add("made up: " + f.kind() + " " + f.summary());
            }
        }
        LossOracle o = stuck.isEmpty() ? null : LossOracle.of(sample, d);
        int required = 0;
        int diagnosed = 0;
        int foundAny = 0;
        for (long id : stuck) {
            StuckRequest found = s.stuck().stream().filter(x -> x.request().id() == id).findFirst().orElse(null);
            if (found != null) {
                foundAny++;
            }
            long threshold = a.config().stuck().forDevice(-1, null);
            if (o.mustDiagnose(id, threshold)) {
                required++;
                if (found != null) {
                    diagnosed++;
                } else {
                    problems.add("request " + id + " not diagnosed as stuck");
                }
            }
        }
        if (required > 0 && !s.hasErrors()) {
            problems.add("exit code 0 with a stuck request to diagnose");
        }
        if (healthy && s.hasErrors()) {
            problems.add("exit code 1 on a healthy sample");
        }
        int cannotTell = (int) s.findings().stream().filter(f -> f.kind() == FindingKind.STUCK_UNCERTAIN).count();
        return new Outcome(falseStuck, required, diagnosed, foundAny, cannotTell, problems);
    }
}
