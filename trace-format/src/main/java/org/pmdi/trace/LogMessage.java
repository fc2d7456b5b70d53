package org.pmdi.trace;

import java.nio.charset.StandardCharsets;

/**
 * View of a LOG blob: a level byte then UTF-8 text (no terminator).
 *
 * <pre>{@code
 * LogMessage m = LogMessage.parse(event.blob());
 * System.out.println(m.levelEnum() + ": " + m.text());
 * }</pre>
 *
 * level 0..255 ({@link LogLevel} names the known ones); text not null (malformed UTF-8 is
 * replaced, never rejected).
 */
public record LogMessage(int level, String text) {
    public LogMessage {
        Checks.range("level", level, 0, 255);
        Checks.notNull("text", text);
    }

    /** Parses a LOG blob; an empty blob gives level 0 and empty text. */
    public static LogMessage parse(byte[] blob) {
        Checks.notNull("blob", blob);
        if (blob.length == 0) {
            return new LogMessage(0, "");
        }
        return new LogMessage(blob[0] & 0xff, new String(blob, 1, blob.length - 1, StandardCharsets.UTF_8));
    }

    /** The blob bytes of this message (level byte then UTF-8 text). */
    public byte[] toBlob() {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[t.length + 1];
        b[0] = (byte) level;
        System.arraycopy(t, 0, b, 1, t.length);
        return b;
    }

    public LogLevel levelEnum() {
        return LogLevel.fromCode(level);
    }
}
