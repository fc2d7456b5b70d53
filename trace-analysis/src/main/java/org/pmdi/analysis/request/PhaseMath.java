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
        boundaries(p, 0, flags, b);
    }

    /** As {@link #boundaries(long[], int, long[])} for the points at {@code p[base..]}. */
    static void boundaries(long[] p, int base, int flags, long[] b) {
        long post = p[base];
        long db = p[base + 1];
        long lipi = p[base + 2];
        long disp = p[base + 3];
        b[0] = post;
        b[1] = db;
        long seen;
        if (db == A) {
            seen = A;
        } else if (takenBeforeDoorbell(p, base)) {
            // a running drain took it before the AP recorded its doorbell decision: the
            // doorbell did not bring it to Linux; queued until taken, no doorbell delivery
            b[1] = disp;
            seen = disp;
        } else if ((flags & RequestFlags.DOORBELL_SUPPRESSED) != 0) {
            seen = db;
        } else if (lipi != A && lipi >= db) {
            seen = lipi;
        } else {
            seen = disp;
        }
        b[2] = seen;
        b[3] = p[base + 4];
        long drvEnd = p[base + 5];
        b[4] = drvEnd;
        long take = p[base + 9];
        long apIpi = p[base + 8];
        long ref = p[base + 7] != A ? p[base + 7] : drvEnd;
        long noticed;
        if ((flags & RequestFlags.COMPLETION_SUPPRESSED) == 0 && apIpi != A && ref != A && apIpi >= ref) {
            noticed = apIpi;
        } else {
            noticed = take;
        }
        b[5] = noticed;
        b[6] = p[base + 10];
    }

    /**
     * Linux DISPATCHed the request whose points are at {@code p[base..]} after its REQ_POST
     * but before the AP's doorbell record (all three known). A DISPATCH before the REQ_POST
     * is not this: it is a clock inconsistency, left to show as a negative phase.
     */
    static boolean takenBeforeDoorbell(long[] p, int base) {
        long post = p[base];
        long db = p[base + 1];
        long disp = p[base + 3];
        return db != A && disp != A && post != A && disp < db && disp >= post;
    }

    /**
     * Bit i set when boundary i of {@link #boundaries} is a Linux-side time (mapped through
     * a CLOCK_SYNC), clear for AP-clock times; same rules as there.
     */
    static int linuxBoundaries(long[] p, int base, int flags) {
        int m = 0;
        long db = p[base + 1];
        if (db != A) {
            if (takenBeforeDoorbell(p, base)) {
                m |= 1 << 1 | 1 << 2;
            } else if ((flags & RequestFlags.DOORBELL_SUPPRESSED) == 0) {
                m |= 1 << 2; // Linux's IPI_RECV or DISPATCH
            }
        }
        m |= 1 << 3 | 1 << 4;
        return m;
    }

    static long phase(long[] b, int i) {
        return b[i] == A || b[i + 1] == A ? A : b[i + 1] - b[i];
    }

    static long total(long[] p) {
        return p[0] == A || p[10] == A ? A : p[10] - p[0];
    }
}
