package org.pmdi.bridge;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling waits with hard deadlines. */
public final class Waits {
    private Waits() {
    }

    public static boolean until(BooleanSupplier cond, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    public static void connected(Bridge b) throws InterruptedException {
        if (!until(() -> b.stats().state() == BridgeState.CONNECTED, Duration.ofSeconds(10))) {
            throw new AssertionError("bridge did not connect: " + b.stats());
        }
    }
}
