package org.pmdi.analysis.diff;

import java.util.Locale;

/** Per device: requests and failures on each side, and the change of the failure rate. */
public record ErrorDiff(String device, long baseRequests, long baseFailed, long newRequests, long newFailed) {
    public double baseRate() {
        return baseRequests == 0 ? 0 : (double) baseFailed / baseRequests;
    }

    public double newRate() {
        return newRequests == 0 ? 0 : (double) newFailed / newRequests;
    }

    public boolean worse() {
        return newRate() > baseRate();
    }

    public String words() {
        return String.format(Locale.ROOT, "%s: failed %,d of %,d (%.1f %%) → %,d of %,d (%.1f %%)", device,
                baseFailed, baseRequests, baseRate() * 100, newFailed, newRequests, newRate() * 100);
    }
}
