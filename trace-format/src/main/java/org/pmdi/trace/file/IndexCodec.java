package org.pmdi.trace.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.codec.TraceFormatException;
import org.pmdi.trace.codec.Varint;

/**
 * The index blob of FORMAT.md §7, both ways.
 *
 * <pre>{@code
 * byte[] blob = IndexCodec.encode(index);
 * TraceIndex ix = IndexCodec.parse(blob, dataEnd);   // TraceFormatException if malformed
 * }</pre>
 */
public final class IndexCodec {
    /** "PMDIDX0\n". */
    public static final byte[] MAGIC = "PMDIDX0\n".getBytes(StandardCharsets.US_ASCII);

    private IndexCodec() {
    }

    public static byte[] encode(TraceIndex ix) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(MAGIC);
        byte[] f = new byte[8 + 8 + 4];
        LittleEndian.put64(f, 0, ix.originTsc());
        LittleEndian.put64(f, 8, ix.bucketNs());
        LittleEndian.put32(f, 16, (int) ix.tscKhzAp());
        o.writeBytes(f);
        o.write(ix.deviceIds().size());
        for (int id : ix.deviceIds()) {
            o.write(id);
        }
        byte[] v = new byte[Varint.MAX_BYTES];
        varint(o, v, ix.bucketCount());
        long prev = 0;
        for (BucketSummary b : ix.buckets()) {
            varint(o, v, b.offset() - prev);
            prev = b.offset();
            varint(o, v, b.events());
            varint(o, v, b.lost());
            for (DeviceSummary d : b.devices()) {
                varint(o, v, d.requests());
                varint(o, v, d.sumNs());
                varint(o, v, d.maxNs());
                int[] bins = d.bins();
                long[] counts = d.counts();
                o.write(bins.length);
                for (int i = 0; i < bins.length; i++) {
                    o.write(bins[i]);
                    varint(o, v, counts[i]);
                }
            }
        }
        return o.toByteArray();
    }

    private static void varint(ByteArrayOutputStream o, byte[] v, long x) {
        o.write(v, 0, Varint.put(v, 0, x));
    }

    /** Parses an index blob (not null); {@code dataEnd} is where the file's events end. */
    public static TraceIndex parse(byte[] blob, long dataEnd) throws TraceFormatException {
        Cursor c = new Cursor(blob);
        for (int i = 0; i < MAGIC.length; i++) {
            if (c.u8() != (MAGIC[i] & 0xff)) {
                throw new TraceFormatException("index: bad magic");
            }
        }
        long origin = c.fixed64();
        long bucketNs = c.fixed64();
        long khz = c.fixed32();
        int ndev = c.u8();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < ndev; i++) {
            ids.add(c.u8());
        }
        long nb = c.varint();
        if (nb < 0 || nb > blob.length) {
            throw new TraceFormatException("index: bad bucket count " + nb);
        }
        if (bucketNs <= 0 || Long.bitCount(bucketNs) != 1) {
            throw new TraceFormatException("index: bucket_ns not a power of two: " + bucketNs);
        }
        List<BucketSummary> buckets = new ArrayList<>((int) nb);
        long off = 0;
        for (long b = 0; b < nb; b++) {
            off += c.varint();
            long events = c.varint();
            long lost = c.varint();
            List<DeviceSummary> ds = new ArrayList<>(ndev);
            for (int d = 0; d < ndev; d++) {
                long req = c.varint();
                long sum = c.varint();
                long max = c.varint();
                int nbins = c.u8();
                int[] bins = new int[nbins];
                long[] counts = new long[nbins];
                for (int k = 0; k < nbins; k++) {
                    bins[k] = c.u8();
                    counts[k] = c.varint();
                }
                ds.add(new DeviceSummary(ids.get(d), req, sum, max, bins, counts));
            }
            buckets.add(new BucketSummary(off, events, lost, ds));
        }
        return new TraceIndex(origin, bucketNs, khz, ids, buckets, dataEnd);
    }

    /** Bounds-checked reader over the blob. */
    private static final class Cursor {
        private final byte[] b;
        private int p;

        Cursor(byte[] b) {
            this.b = b;
        }

        int u8() throws TraceFormatException {
            if (p >= b.length) {
                throw new TraceFormatException("index: truncated at byte " + p);
            }
            return b[p++] & 0xff;
        }

        long fixed64() throws TraceFormatException {
            need(8);
            long v = LittleEndian.u64(b, p);
            p += 8;
            return v;
        }

        long fixed32() throws TraceFormatException {
            need(4);
            long v = LittleEndian.u32(b, p);
            p += 4;
            return v;
        }

        long varint() throws TraceFormatException {
            int n = Varint.length(b, p, b.length);
            if (n <= 0) {
                throw new TraceFormatException("index: bad varint at byte " + p);
            }
            long v = Varint.read(b, p, b.length);
            p += n;
            return v;
        }

        private void need(int n) throws TraceFormatException {
            if (b.length - p < n) {
                throw new TraceFormatException("index: truncated at byte " + p);
            }
        }
    }
}
