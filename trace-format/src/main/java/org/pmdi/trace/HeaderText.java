package org.pmdi.trace;

/**
 * A TEXT entry of the session header.
 *
 * <pre>{@code
 * HeaderText t = HeaderText.of(HeaderText.LINUX_RELEASE, "6.1.0-18-amd64");
 * }</pre>
 *
 * @param key  0..255 (0 AP image name, 1 Linux release, 2 board)
 * @param text UTF-8 text, not null
 */
public record HeaderText(int key, String text) {
    public static final int AP_IMAGE = 0;
    public static final int LINUX_RELEASE = 1;
    public static final int BOARD = 2;

    public HeaderText {
        Checks.range("key", key, 0, 255);
        Checks.notNull("text", text);
    }

    public static HeaderText of(int key, String text) {
        return new HeaderText(key, text);
    }
}
