package org.pmdi.analysis.loss;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damages a sample's byte stream as a bad transport would, and remembers which of its
 * original frames can no longer decode: whole frames dropped, bytes flipped, holes cut
 * (a lost stretch of bytes), frames duplicated. Deterministic for a seed.
 *
 * <pre>{@code
 * Damage d = Damage.random(sample, seed);          // 1..6 mixed damages
 * Damage d = Damage.serialLine(sample, seed);      // a few flipped bytes + one lost 4 KiB stretch
 * d.bytes(); d.lost();                             // the stream, and the original frames lost
 * d.corrupt();                                     // where a corrupt frame stands: at an original
 *                                                  // frame's place (or before it, for a damaged copy)
 * }</pre>
 *
 * The lost set over-approximates (a frame next to a hole counts as lost, a frame whose copy
 * survives too): the oracle built on it then asks for fewer diagnoses, never wrong ones.
 */
record Damage(byte[] bytes, BitSet lost, BitSet corrupt, String description) {
    /** A piece of the damaged stream: an original frame ({@code orig >= 0}) or a copy ({@code -1}). */
    private record Chunk(int orig, byte[] bytes) {
    }

    static Damage random(SampleStream s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Builder b = new Builder(s);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0 -> b.drop(r);
                case 1 -> b.flip(r);
                case 2 -> b.hole(r, 1 + r.nextInt(Math.max(1, Math.min(8192, s.size() / 6))));
                default -> b.duplicate(r);
            }
        }
        return b.build();
    }

    static Damage serialLine(SampleStream s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Builder b = new Builder(s);
        int flips = 2 + r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            b.flip(r);
        }
        b.hole(r, 4096);
        return b.build();
    }

    private static final class Builder {
        final List<Chunk> chunks = new ArrayList<>();
        final BitSet lost = new BitSet();
        final BitSet corrupt = new BitSet();
        final StringBuilder what = new StringBuilder();
        final byte[] lead;
        final int total;

        Builder(SampleStream s) {
            lead = s.lead();
            total = s.frames().size();
            for (SampleStream.Frame f : s.frames()) {
                chunks.add(new Chunk(f.index(), f.bytes()));
            }
        }

        /** Chunk {@code chunk}'s frame (if an original) is lost, cleanly or leaving a corrupt frame. */
        void lose(int chunk, boolean leavesCorrupt) {
            if (chunk < 0 || chunk >= chunks.size()) {
                return;
            }
            if (chunks.get(chunk).orig() >= 0) {
                lost.set(chunks.get(chunk).orig());
            }
            if (leavesCorrupt) {
                // a copy (or a piece) left corrupt stands before the next original frame
                int at = total;
                for (int i = chunk; i < chunks.size(); i++) {
                    if (chunks.get(i).orig() >= 0) {
                        at = chunks.get(i).orig();
                        break;
                    }
                }
                corrupt.set(at);
            }
        }

        void drop(SplittableRandom r) {
            if (chunks.isEmpty()) {
                return;
            }
            int k = r.nextInt(chunks.size());
            lose(k, false);
            chunks.remove(k);
            what.append("drop#").append(k).append(' ');
        }

        void flip(SplittableRandom r) {
            if (chunks.isEmpty()) {
                return;
            }
            int k = r.nextInt(chunks.size());
            byte[] b = chunks.get(k).bytes().clone();
            int at = r.nextInt(b.length);
            b[at] ^= (byte) (1 + r.nextInt(255));
            chunks.set(k, new Chunk(chunks.get(k).orig(), b));
            lose(k, true);
            if (at == b.length - 1) {
                lose(k + 1, true); // the delimiter: the next frame merges into this one
            }
            what.append("flip#").append(k).append('@').append(at).append(' ');
        }

        void duplicate(SplittableRandom r) {
            if (chunks.isEmpty()) {
                return;
            }
            int k = r.nextInt(chunks.size());
            int to = Math.min(chunks.size(), k + 1 + r.nextInt(4));
            chunks.add(to, new Chunk(-1, chunks.get(k).bytes()));
            what.append("dup#").append(k).append("->").append(to).append(' ');
        }

        /** Cuts {@code len} bytes from a random place; every frame it touches, and the next, is lost. */
        void hole(SplittableRandom r, int len) {
            int size = 0;
            for (Chunk c : chunks) {
                size += c.bytes().length;
            }
            if (size == 0) {
                return;
            }
            int start = r.nextInt(size);
            int end = Math.min(size, start + len);
            List<Chunk> out = new ArrayList<>();
            int pos = 0;
            boolean cut = false;
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                int a = pos;
                int b = pos + c.bytes().length;
                pos = b;
                if (b <= start || a >= end) {
                    if (cut) {
                        lose(i, true); // the rest of the hole's first frame merges into it
                        cut = false;
                    }
                    out.add(c);
                    continue;
                }
                lose(i, true);
                cut = true;
                ByteArrayOutputStream keep = new ByteArrayOutputStream();
                if (a < start) {
                    keep.write(c.bytes(), 0, start - a);
                }
                if (b > end) {
                    keep.write(c.bytes(), end - a, b - end);
                }
                if (keep.size() > 0) {
                    out.add(new Chunk(-1, keep.toByteArray()));
                }
            }
            chunks.clear();
            chunks.addAll(out);
            what.append("hole@").append(start).append('+').append(end - start).append(' ');
        }

        Damage build() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(lead, 0, lead.length);
            for (Chunk c : chunks) {
                o.write(c.bytes(), 0, c.bytes().length);
            }
            return new Damage(o.toByteArray(), lost, corrupt, what.toString().strip());
        }
    }
}
