package org.pmdi.trace;

import java.util.Arrays;

/**
 * The trace format versions this code knows, and their magics (FORMAT.md §6, §9).
 *
 * <pre>{@code
 * byte[] m = FormatVersion.magic(FormatVersion.CURRENT);   // "\x89PMDT1\r\n"
 * int v = FormatVersion.ofMagicByte(m[5]);                 // 1
 * boolean ok = FormatVersion.isKnown(v);                   // true
 * }</pre>
 *
 * The magic is {@code 89 50 4D 44 54 <v> 0D 0A}; byte 5 names the version: the ASCII digits
 * '0'..'9' versions 0..9, any other byte from 10 up its own value (0xFE is version 254), so a
 * decoder can name any version it refuses. Bytes 0..9 name none (they would alias the
 * digits): such a magic is not a pmdi magic.
 */
public final class FormatVersion {
    /** Released: the tracing of both kernels. */
    public static final int V0 = 0;
    /** v0 plus REQ_REFUSED (type 19); unreleased. */
    public static final int V1 = 1;
    /** The version writers write. */
    public static final int CURRENT = V1;
    /** Bytes of a magic. */
    public static final int MAGIC_LEN = 8;
    /** Index of the version byte in a magic. */
    public static final int VERSION_BYTE = 5;

    private static final byte[] FAMILY = {(byte) 0x89, 'P', 'M', 'D', 'T', 0, '\r', '\n'};

    private FormatVersion() {
    }

    /** True for the versions this decoder reads (0 and 1). */
    public static boolean isKnown(int version) {
        return version == V0 || version == V1;
    }

    /** The magic of {@code version} (0..255 but 48..57, whose byte would be a digit; a new array). */
    public static byte[] magic(int version) {
        Checks.range("version", version, 0, 255);
        byte[] m = FAMILY.clone();
        if (version >= '0' && version <= '9') {
            // its byte would read back as version 0..9
            throw new IllegalArgumentException("version " + version + " has no magic of its own");
        }
        m[VERSION_BYTE] = (byte) (version <= 9 ? '0' + version : version);
        return m;
    }

    /** The version a magic's version byte names (0..255), or -1 for bytes 0..9, which name none. */
    public static int ofMagicByte(byte b) {
        int x = b & 0xff;
        return x >= '0' && x <= '9' ? x - '0' : x >= 10 ? x : -1;
    }

    /**
     * The version named by the magic at {@code b[off, off+8)}, or -1 when those bytes are not
     * a pmdi magic at all (or there are fewer than 8, or the version byte names none).
     */
    public static int ofMagic(byte[] b, int off) {
        if (off < 0 || b.length - off < MAGIC_LEN) {
            return -1;
        }
        for (int i = 0; i < MAGIC_LEN; i++) {
            if (i != VERSION_BYTE && b[off + i] != FAMILY[i]) {
                return -1;
            }
        }
        return ofMagicByte(b[off + VERSION_BYTE]);
    }

    /** True when {@code b[off, off+8)} is the magic of a version this decoder reads. */
    public static boolean isKnownMagic(byte[] b, int off) {
        int v = ofMagic(b, off);
        return v >= 0 && isKnown(v) && Arrays.equals(b, off, off + MAGIC_LEN, magic(v), 0, MAGIC_LEN);
    }

    /** The refusal of a version this decoder does not read, in plain words. */
    public static String unknownMessage(int version) {
        return "trace format version " + version + " is not known to this decoder (it reads 0 and 1)";
    }
}
