package org.pmdi.analysis.diff;

import java.util.Locale;

/**
 * One device's failed requests on each side, and whether the failure rate got worse.
 *
 * <pre>{@code
 * if (e.worse()) System.out.println(e.words());
 * // vdb: failed 0 of 20 368 (0%) → 904 of 20 368 (4.4%), worse (z = 30.4)
 * }</pre>
 *
 * {@link #worse()} is a one-sided two-proportion z-test (pooled): the new rate is higher by
 * at least {@link #Z_WORSE} standard errors. At 3 the chance of calling noise worse is about
 * 0.0013 per device, under 0.05 / the number of devices for up to 37 devices, so no further
 * correction is needed for a board's few devices. A device without requests in the base is
 * worse when any of its new requests failed.
 *
 * @param device the device's name
 */
public record ErrorDiff(String device, long baseRequests, long baseFailed, long newRequests, long newFailed) {
    /** Standard errors by which the new failure rate must exceed the base's to be worse. */
    public static final double Z_WORSE = 3.0;

    public ErrorDiff {
        if (device == null) {
            throw new IllegalArgumentException("device must not be null");
        }
        if (baseFailed < 0 || baseFailed > baseRequests || newFailed < 0 || newFailed > newRequests) {
            throw new IllegalArgumentException("failed must be 0..requests on each side");
        }
    }

    /** Failed / requests in the base, 0 without requests. */
    public double baseRate() {
        return baseRequests == 0 ? 0 : (double) baseFailed / baseRequests;
    }

    /** Failed / requests in the new trace, 0 without requests. */
    public double newRate() {
        return newRequests == 0 ? 0 : (double) newFailed / newRequests;
    }

    /** The z statistic of new rate − base rate (pooled standard error); 0 when it is undefined. */
    public double z() {
        if (baseRequests == 0 || newRequests == 0) {
            return 0;
        }
        double p = (double) (baseFailed + newFailed) / (baseRequests + newRequests);
        double se = Math.sqrt(p * (1 - p) * (1.0 / baseRequests + 1.0 / newRequests));
        return se == 0 ? 0 : (newRate() - baseRate()) / se;
    }

    /** The new failure rate is higher beyond noise (see the class comment). */
    public boolean worse() {
        if (baseRequests == 0) {
            return newFailed > 0;
        }
        return newRate() > baseRate() && z() >= Z_WORSE;
    }

    /** The new failure rate is lower beyond noise. */
    public boolean better() {
        return baseRequests > 0 && newRequests > 0 && z() <= -Z_WORSE;
    }

    /** "vdb: failed 0 of 20368 (0%) → 904 of 20368 (4.4%), worse (z = 30.4)". */
    public String words() {
        String verdict = worse() ? "worse" : better() ? "better" : "no significant change";
        return String.format(Locale.ROOT, "%s: failed %d of %d (%s%%) → %d of %d (%s%%), %s%s", device, baseFailed,
                baseRequests, Words.number(baseRate() * 100), newFailed, newRequests, Words.number(newRate() * 100),
                verdict, baseRequests > 0 && newRequests > 0 ? String.format(Locale.ROOT, " (z = %.1f)", z()) : "");
    }
}
