package org.pmdi.analysis.loss;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ./pmdi bench loss}: the loss property over many seeds of every sample, with the
 * figures of issue 14: seeds run, false stuck findings (must be 0), stuck samples still
 * diagnosed, "cannot tell" counts. Test code (run on the test classpath), not the product.
 *
 * <pre>
 * java -cp ... org.pmdi.analysis.loss.LossBench [--seeds 2000] [--samples DIR]
 * </pre>
 *
 * Exits 1 when the property broke (the first few problems are printed).
 */
public final class LossBench {
    private LossBench() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = 2000;
        Path dir = Path.of("samples");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--samples" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long runs = 0;
        long falseStuck = 0;
        long required = 0;
        long diagnosed = 0;
        long found = 0;
        long truth = 0;
        long cannotTell = 0;
        long broken = 0;
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "# %d seeds per sample, random damage (drops, flips, holes up to 8 KiB,"
                + " duplicates)"
                + " and serial-line damage (flips + one 4 KiB hole), alternately%n", seeds);
        System.out.printf(Locale.ROOT, "%-16s %7s %11s %19s %17s %11s%n", "sample", "seeds", "false_stuck",
                "diagnosed/required", "diagnosed/stuck", "cannot_tell");
        for (String name : LossCheck.SAMPLES) {
            Path p = dir.resolve(name + ".pmdt");
            if (!p.toFile().exists()) {
                continue;
            }
            LossCheck c = LossCheck.load(p);
            long fs = 0;
            long rq = 0;
            long dg = 0;
            long fd = 0;
            long ct = 0;
            for (int seed = 0; seed < seeds; seed++) {
                Damage d = seed % 2 == 0 ? Damage.random(c.sample(), seed) : Damage.serialLine(c.sample(), seed);
                LossCheck.Outcome o = c.run(d);
                fs += o.falseStuck();
                rq += o.required();
                dg += o.diagnosed();
                fd += o.found();
                ct += o.cannotTell();
                if (!o.problems().isEmpty() && broken++ < 40) {
                    System.out.println("  " + name + " seed " + seed + " [" + d.description() + "]: " + o.problems());
                }
            }
            long all = (long) seeds * c.groundTruth().size();
            System.out.printf(Locale.ROOT, "%-16s %7d %11d %11d/%-7d %9d/%-7d %11d%n", name, seeds, fs, dg, rq, fd,
                    all, ct);
            found += fd;
            truth += all;
            runs += seeds;
            falseStuck += fs;
            required += rq;
            diagnosed += dg;
            cannotTell += ct;
        }
        System.out.printf(Locale.ROOT, "seeds_run=%d%nfalse_stuck_findings=%d%nstuck_still_diagnosed=%d/%d%n"
                + "stuck_diagnosed_under_any_damage=%d/%d%ncannot_tell_findings=%d%nruns_breaking_the_property=%d%n"
                + "seconds=%.1f%n", runs, falseStuck, diagnosed, required, found, truth, cannotTell, broken,
                (System.nanoTime() - t0) / 1e9);
        System.exit(broken == 0 && falseStuck == 0 ? 0 : 1);
    }
}
