package org.pmdi.analysis.errors;

/**
 * Names of the Linux errno values a request can fail with (x86-64 and the generic table:
 * the dispatcher posts the driver's or the block layer's {@code -errno} unchanged).
 *
 * <pre>{@code
 * Errno.name(-5);    // "EIO"
 * Errno.name(-200);  // "errno 200"
 * }</pre>
 */
public final class Errno {
    private static final String[] NAMES = new String[134];

    static {
        // Every value the block layer maps a blk_status_t to, and what the mailbox refuses with.
        String[] pairs = {"1", "EPERM", "2", "ENOENT", "4", "EINTR", "5", "EIO", "6", "ENXIO", "7", "E2BIG", "9",
            "EBADF", "11", "EAGAIN", "12", "ENOMEM", "13", "EACCES", "14", "EFAULT", "16", "EBUSY", "17", "EEXIST",
            "19", "ENODEV", "22", "EINVAL", "27", "EFBIG", "28", "ENOSPC", "30", "EROFS", "32", "EPIPE", "34",
            "ERANGE", "38", "ENOSYS", "52", "EBADE", "61", "ENODATA", "62", "ETIME", "67", "ENOLINK", "71",
            "EPROTO", "74", "EBADMSG", "75", "EOVERFLOW", "84", "EILSEQ", "95", "EOPNOTSUPP", "105", "ENOBUFS",
            "108", "ESHUTDOWN", "109", "ETOOMANYREFS", "110", "ETIMEDOUT", "121", "EREMOTEIO", "125",
            "ECANCELED", "133", "EHWPOISON"};
        for (int i = 0; i < pairs.length; i += 2) {
            NAMES[Integer.parseInt(pairs[i])] = pairs[i + 1];
        }
    }

    private Errno() {
    }

    /**
     * The name of a status: {@code -5} (or {@code 5}) is "EIO", 0 is "OK", a value without a
     * name is "errno N".
     */
    public static String name(long status) {
        long e = Math.abs(status);
        if (e == 0) {
            return "OK";
        }
        String n = e > 0 && e < NAMES.length ? NAMES[(int) e] : null;
        return n != null ? n : "errno " + e;
    }
}
