package org.pmdi.trace;

/**
 * A BUILD_ID entry of the session header.
 *
 * <pre>{@code
 * BuildId b = BuildId.of(BuildId.AP_KERNEL, bytes);
 * String hex = b.hex();
 * }</pre>
 *
 * @param which 0..255 (0 AP kernel, 1 Linux module)
 * @param bytes the id, not null, at most 255 bytes; copied in and out
 */
public record BuildId(int which, byte[] bytes) {
    public static final int AP_KERNEL = 0;
    public static final int MODULE = 1;

    public BuildId {
        Checks.range("which", which, 0, 255);
        Checks.notNull("bytes", bytes);
        Checks.range("bytes.length", bytes.length, 0, 255);
        bytes = bytes.clone();
    }

    public static BuildId of(int which, byte[] bytes) {
        return new BuildId(which, bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormatter.hex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuildId b && b.which == which && java.util.Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return which * 31 + java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "BuildId[which=" + which + ", hex=" + hex() + "]";
    }
}
