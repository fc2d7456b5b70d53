package org.pmdi.trace.file;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An I/O failure in words for a command's error line. The JDK's exceptions for a missing
 * or unreadable file carry only the path, so a line that names the file and then the
 * message said the path twice and never why.
 *
 * <pre>{@code
 * catch (IOException e) { err.println("pmdi export: " + IoWords.line(out, e)); }
 * // "pmdi export: /proc/x.json: no such file or directory"
 * }</pre>
 */
public final class IoWords {
    private IoWords() {
    }

    /** What went wrong, without the path: "no such file or directory", "permission denied", ... */
    public static String why(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * "{@code path}: why", the path once: a message that already starts with the path (ours
     * do) is kept as it is; an exception that names its own file names that one.
     */
    public static String line(Path path, Throwable e) {
        String m = e.getMessage();
        if (m != null && m.startsWith(path + ": ")) {
            return m;
        }
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : path.toString();
        return file + ": " + why(e);
    }

    /**
     * "file: why" when {@code e} names the file it is about (a {@link FileSystemException}),
     * else its own message: for a failure that may be about any of several files.
     */
    public static String of(Throwable e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + why(e);
        }
        return why(e);
    }
}
