package org.pmdi.analysis.request;

/**
 * Phase boundaries from point times (the rules documented on {@link Phase}). Works on any
 * time unit; {@link Request#ABSENT} marks a missing value. Stateless.
 */
final class PhaseMath {
    private static final long A = Request.ABSENT;

    private PhaseMath() {
    }

    /** Fills {@code b[0..6]} with the phase boundaries. */
    static void boundaries(long[] p, int flags, long[] b) {
        long post = p[0];
        long db = p[1];
        long lipi = p[2];
        long disp = p[3];
        b[0] = post;
        b[1] = db;
        long seen;
        if (db == A) {
            seen = A;
        } else if ((flags & RequestFlags.DOORBELL_SUPPRESSED) != 0) {
            seen = db;
        } else if (lipi != A && lipi >= db) {
            seen = lipi;
        } else {
            seen = disp;
        }
        b[2] = seen;
        b[3] = p[4];
        long drvEnd = p[5];
        b[4] = drvEnd;
        long take = p[9];
        long apIpi = p[8];
        long ref = p[7] != A ? p[7] : drvEnd;
        long noticed;
        if ((flags & RequestFlags.COMPLETION_SUPPRESSED) == 0 && apIpi != A && ref != A && apIpi >= ref) {
            noticed = apIpi;
        } else {
            noticed = take;
        }
        b[5] = noticed;
        b[6] = p[10];
    }

    static long phase(long[] b, int i) {
        return b[i] == A || b[i + 1] == A ? A : b[i + 1] - b[i];
    }

    static long total(long[] p) {
        return p[0] == A || p[10] == A ? A : p[10] - p[0];
    }
}
