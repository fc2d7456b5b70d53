package org.pmdi.trace;

/** Argument checks whose messages name the argument (package-private helper). */
final class Checks {
    private Checks() {
    }

    static void range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + v);
        }
    }

    static void notNull(String name, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
