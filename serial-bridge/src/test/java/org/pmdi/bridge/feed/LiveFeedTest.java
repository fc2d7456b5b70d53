package org.pmdi.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pmdi.trace.EventType;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

/** Fan-out, per-subscriber drops, a publisher that never waits, push delivery threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LiveFeedTest {
    private static TraceEvent ev(long seq) {
        return TraceEvent.fixed(0, seq, EventType.HEARTBEAT.id(), seq, 0, seq);
    }

    @Test
    void everySubscriberGetsEveryItemInOrder() {
        try (LiveFeed f = LiveFeed.create()) {
            Subscription a = f.subscribe(1024);
            Subscription b = f.subscribe(1024);
            for (int i = 0; i < 1000; i++) {
                f.publish(ev(i));
            }
            List<TraceItem> ga = new ArrayList<>();
            List<TraceItem> gb = new ArrayList<>();
            a.drainTo(ga, 5000);
            b.drainTo(gb, 5000);
            assertThat(ga).hasSize(1000).isEqualTo(gb);
            assertThat(((TraceEvent) ga.get(999)).seq()).isEqualTo(999);
        }
    }

    @Test
    void aStalledConsumerDropsOnlyItsOwnItemsAndNeverBlocksThePublisher() throws Exception {
        try (LiveFeed f = LiveFeed.create()) {
            CountDownLatch release = new CountDownLatch(1);
            Delivery stalled = f.subscribe("stalled", 64, x -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicLong fastGot = new AtomicLong();
            Delivery fast = f.subscribe("fast", 1 << 20, x -> fastGot.incrementAndGet());
            int n = 500_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                f.publish(ev(i));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("publishing must not wait for the stalled consumer").isLessThan(5000);
            assertThat(stalled.subscription().dropped()).isGreaterThanOrEqualTo(n - 64 - 1);
            assertThat(stalled.subscription().offered()).isEqualTo(n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (fastGot.get() + fast.subscription().dropped() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fastGot.get() + fast.subscription().dropped()).isEqualTo(n);
            assertThat(f.dropped()).isGreaterThanOrEqualTo(stalled.subscription().dropped());
            release.countDown();
        }
    }

    @Test
    void pollWaitsAndWakesOnPublish() throws Exception {
        try (LiveFeed f = LiveFeed.create()) {
            Subscription s = f.subscribe(16);
            assertThat(s.poll(Duration.ofMillis(20))).isNull();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                f.publish(ev(7));
            });
            t.start();
            long t0 = System.nanoTime();
            TraceItem x = s.poll(Duration.ofSeconds(5));
            assertThat(x).isEqualTo(ev(7));
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
            t.join();
        }
    }

    @Test
    void aThrowingConsumerIsCountedAndDeliveryGoesOn() throws Exception {
        try (LiveFeed f = LiveFeed.create()) {
            AtomicLong ok = new AtomicLong();
            Delivery d = f.subscribe("flaky", 1024, x -> {
                if (((TraceEvent) x).seq() % 2 == 0) {
                    throw new IllegalStateException("boom");
                }
                ok.incrementAndGet();
            });
            for (int i = 0; i < 100; i++) {
                f.publish(ev(i));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (d.delivered() + d.failures() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(d.failures()).isEqualTo(50);
            assertThat(ok.get()).isEqualTo(50);
            d.close();
            assertThat(d.subscription().isClosed()).isTrue();
        }
    }

    @Test
    void closedSubscriptionGetsNothingMore() {
        try (LiveFeed f = LiveFeed.create()) {
            Subscription s = f.subscribe(16);
            s.close();
            f.publish(ev(1));
            assertThat(s.poll()).isNull();
            assertThat(f.hasSubscribers()).isFalse();
        }
    }

    @Test
    void argumentsAreChecked() {
        try (LiveFeed f = LiveFeed.create()) {
            assertThatThrownBy(() -> f.subscribe(0)).hasMessageContaining("capacity");
            assertThatThrownBy(() -> f.subscribe("", 4, x -> { })).hasMessageContaining("name");
            assertThatThrownBy(() -> f.subscribe("x", 4, null)).hasMessageContaining("consumer");
        }
    }
}
