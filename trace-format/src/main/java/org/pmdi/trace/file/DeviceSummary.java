package org.pmdi.trace.file;

/**
 * Completed requests of one device in one time bucket (FORMAT.md §7 dev_summary).
 *
 * <pre>{@code
 * double meanNs = d.requests() == 0 ? 0 : (double) d.sumNs() / d.requests();
 * for (int i = 0; i < d.bins().length; i++) plot(1L << d.bins()[i], d.counts()[i]);
 * }</pre>
 *
 * Latencies are REQ_POST → REQ_DONE in ns. {@code bins[i]} (0..63, strictly increasing)
 * counts latencies in [2^bin, 2^(bin+1)) ns (bin 0 also holds 0) with {@code counts[i]} > 0.
 * Arrays are copied in and out.
 */
public record DeviceSummary(int deviceId, long requests, long sumNs, long maxNs, int[] bins, long[] counts) {
    public DeviceSummary {
        if (deviceId < 0 || deviceId > 255) {
            throw new IllegalArgumentException("deviceId must be 0..255, was " + deviceId);
        }
        if (bins == null || counts == null || bins.length != counts.length) {
            throw new IllegalArgumentException("bins and counts must be non-null and of equal length");
        }
        bins = bins.clone();
        counts = counts.clone();
    }

    @Override
    public int[] bins() {
        return bins.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Number of non-empty bins. */
    public int binCount() {
        return bins.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceSummary d && d.deviceId == deviceId && d.requests == requests && d.sumNs == sumNs
                && d.maxNs == maxNs && java.util.Arrays.equals(d.bins, bins) && java.util.Arrays.equals(d.counts, counts);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(deviceId, requests, sumNs, maxNs) * 31 + java.util.Arrays.hashCode(bins);
    }
}
