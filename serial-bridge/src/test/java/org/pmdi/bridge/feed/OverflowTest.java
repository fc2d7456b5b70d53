package org.pmdi.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pmdi.trace.EventType;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

/** A full queue: drops placed where they happened (DROP), or a publisher held back (WAIT). */
class OverflowTest {
    private static TraceEvent ev(long seq) {
        return TraceEvent.fixed(0, seq, EventType.HEARTBEAT.id(), seq, 0, seq);
    }

    @Test
    void aHoleIsToldRightBeforeTheItemAfterIt() {
        try (LiveFeed f = LiveFeed.create()) {
            Subscription s = f.subscribe(4, Overflow.DROP);
            for (int i = 0; i < 10; i++) {
                f.publish(ev(i)); // 0..3 queued, 4..9 dropped
            }
            for (int i = 0; i < 4; i++) {
                assertThat(((TraceEvent) s.poll()).seq()).isEqualTo(i);
                assertThat(s.droppedBeforeLastPolled()).isZero();
            }
            assertThat(s.droppedAfterLastPolled()).isEqualTo(6);
            f.publish(ev(10));
            assertThat(((TraceEvent) s.poll()).seq()).isEqualTo(10);
            assertThat(s.droppedBeforeLastPolled()).isEqualTo(6);
            assertThat(s.droppedAfterLastPolled()).isZero();
            assertThat(s.dropped()).isEqualTo(6);
        }
    }

    /**
     * Any interleaving of publishing and polling: what the consumer sees, items and the holes
     * told before them and after the last, is the published stream with each dropped run in
     * its place.
     */
    @Property(tries = 300)
    void holesAreInPlaceForAnyInterleaving(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 5) Integer> steps,
            @ForAll @IntRange(min = 0, max = 3) int capacityLog) {
        try (LiveFeed f = LiveFeed.create()) {
            Subscription s = f.subscribe(1 << capacityLog, Overflow.DROP);
            List<Long> expected = new ArrayList<>(); // published: seq for an item, -n for a run of n drops
            List<Long> seen = new ArrayList<>();
            long seq = 0;
            int queued = 0;
            for (int step : steps) {
                if (step < 3) { // publish
                    if (queued < s.capacity()) {
                        queued++;
                        expected.add(seq);
                    } else if (!expected.isEmpty() && expected.get(expected.size() - 1) < 0) {
                        expected.set(expected.size() - 1, expected.get(expected.size() - 1) - 1);
                    } else {
                        expected.add(-1L);
                    }
                    f.publish(ev(seq++));
                } else { // poll
                    TraceItem x = s.poll();
                    if (x != null) {
                        queued--;
                        see(seen, s.droppedBeforeLastPolled(), ((TraceEvent) x).seq());
                    }
                }
            }
            TraceItem x;
            while ((x = s.poll()) != null) {
                see(seen, s.droppedBeforeLastPolled(), ((TraceEvent) x).seq());
            }
            if (s.droppedAfterLastPolled() > 0) {
                seen.add(-s.droppedAfterLastPolled());
            }
            assertThat(seen).isEqualTo(expected);
        }
    }

    private static void see(List<Long> seen, long holes, long seq) {
        if (holes > 0) {
            seen.add(-holes);
        }
        seen.add(seq);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void waitLosesNothingForASlowConsumer() throws Exception {
        int n = 20_000;
        List<Long> got = new ArrayList<>();
        List<Long> holes = new ArrayList<>();
        try (LiveFeed f = LiveFeed.create()) {
            Delivery d = f.subscribe("slow", 16, Overflow.WAIT, new FeedListener() {
                @Override
                public void onItem(TraceItem item) {
                    got.add(((TraceEvent) item).seq());
                    if (got.size() % 1000 == 0) {
                        sleep(2);
                    }
                }

                @Override
                public void onDropped(long count) {
                    holes.add(count);
                }
            });
            for (int i = 0; i < n; i++) {
                f.publishBatched(ev(i));
                if (i % 100 == 99) {
                    f.endBatch();
                }
            }
            f.endBatch();
            d.close(java.time.Duration.ofSeconds(30));
            assertThat(d.subscription().dropped()).isZero();
        }
        assertThat(holes).isEmpty();
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aPushListenerIsToldOfHolesInPlaceAndOfTheTailAtTheEnd() throws Exception {
        List<String> lines = new ArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (LiveFeed f = LiveFeed.create()) {
            Delivery d = f.subscribe("print", 4, Overflow.DROP, new FeedListener() {
                @Override
                public void onItem(TraceItem item) {
                    await(release);
                    synchronized (lines) {
                        lines.add("item " + ((TraceEvent) item).seq());
                    }
                }

                @Override
                public void onDropped(long count) {
                    synchronized (lines) {
                        lines.add("dropped " + count);
                    }
                }
            });
            for (int i = 0; i < 100; i++) {
                f.publish(ev(i)); // the listener holds item 0; 1..4 queue; the rest drops
            }
            release.countDown();
            while (d.subscription().queued() > 0) {
                Thread.sleep(1);
            }
            f.publish(ev(100));
            for (int i = 101; i < 150; i++) {
                f.publish(ev(i)); // some of these may drop again: told after the last item
            }
            d.close(java.time.Duration.ofSeconds(10));
            long dropped = d.subscription().dropped();
            synchronized (lines) {
                long told = lines.stream().filter(l -> l.startsWith("dropped ")).mapToLong(
                        l -> Long.parseLong(l.substring(8))).sum();
                assertThat(told).isEqualTo(dropped).isPositive();
                long items = lines.stream().filter(l -> l.startsWith("item ")).count();
                assertThat(items + dropped).isEqualTo(150);
                // the first hole comes right after the items queued before it
                int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("dropped ")).findFirst().get());
                assertThat(lines.subList(0, first)).allMatch(l -> l.startsWith("item "));
                assertThat(lines.get(first + 1)).isEqualTo("item 100");
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
