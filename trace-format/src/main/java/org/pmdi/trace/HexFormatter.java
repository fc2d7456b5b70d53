package org.pmdi.trace;

/**
 * Lower-case hex of byte arrays, for build ids, blobs and messages.
 *
 * <pre>{@code
 * String s = HexFormatter.hex(new byte[] {0x0a, (byte) 0xff});   // "0aff"
 * }</pre>
 */
public final class HexFormatter {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexFormatter() {
    }

    /** Hex of all of {@code b} (not null). */
    public static String hex(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            c[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(c);
    }
}
