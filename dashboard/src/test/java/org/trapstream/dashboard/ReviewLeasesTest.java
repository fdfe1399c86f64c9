package org.trapstream.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.Prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.prediction;
import static org.trapstream.dashboard.DashboardHarness.unknownImageId;

class ReviewLeasesTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private Instant now = Instant.parse("2024-05-01T06:00:00Z");
    private final ReviewLeases leases = new ReviewLeases(LEASE, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });
    private final List<Prediction> items = List.of(item(), item(), item());

    private static Prediction item() {
        return prediction(unknownImageId(), List.of(new Prediction.LabelScore("moonrat", 0.5)), List.of("low_confidence"));
    }

    private String next(String person) {
        return leases.next(person, items, id -> true, List::of).map(ReviewLeases.Lease::imageId).orElse(null);
    }

    @Test
    void aBurstIsHeldAsOne() {
        List<String> burst = List.of(items.get(0).imageId(), items.get(1).imageId());
        Function<String, List<String>> burstOf = id -> burst.contains(id) ? burst : List.of(id);
        assertEquals(burst.get(0), leases.next("ana", items, id -> true, burstOf).orElseThrow().imageId());
        assertEquals(items.get(2).imageId(), leases.next("ben", items, id -> true, burstOf).orElseThrow().imageId(),
            "the burst's other frame is ana's too");
        assertTrue(leases.heldByOthers("ben", burst));
        assertFalse(leases.heldByOthers("ana", burst));
        leases.answered(burst.get(0));
        assertFalse(leases.heldByOthers("ben", burst), "answering the burst lets all its frames go");
    }

    @Test
    void twoPeopleNeverHoldTheSameItemAndOnlyTheHolderMayAnswer() {
        String ana = next("ana");
        String ben = next("ben");
        assertEquals(items.get(0).imageId(), ana);
        assertEquals(items.get(1).imageId(), ben);
        assertTrue(leases.heldBy("ana", ana));
        assertFalse(leases.heldBy("ben", ana));
        assertEquals(1, leases.unheld(items));
    }

    @Test
    void anExpiredLeaseReturnsTheItemAndItsOldHolderLosesItOnceTaken() {
        String ana = next("ana");
        now = now.plus(LEASE).minusSeconds(1);
        assertEquals(items.get(1).imageId(), next("ben"), "still ana's");
        now = now.plusSeconds(1);
        assertTrue(leases.heldBy("ana", ana), "ran out, but no one took it yet: ana may still answer");
        assertEquals(ana, next("cy"));
        assertFalse(leases.heldBy("ana", ana), "taken by another");
    }

    @Test
    void askingAgainLetsThePreviousItemGoAndASkippedItemWaitsALeaseForItsSkipper() {
        String first = next("ana");
        assertTrue(leases.skip("ana", first));
        assertEquals(items.get(1).imageId(), next("ana"));
        assertEquals(first, next("ben"), "others get a skipped item at once");
        assertEquals(items.get(1).imageId(), next("ana"), "asking again may hand back the item one held");
        assertEquals(items.get(2).imageId(), next("cy"));
        now = now.plus(LEASE);
        assertFalse(leases.skip("ana", first), "only an item one holds can be skipped");
    }

    @Test
    void anAnsweredItemIsFreeAndAClosedOneIsNeverHandedOut() {
        String first = next("ana");
        leases.answered(first);
        assertFalse(leases.heldBy("ana", first));
        assertEquals(items.get(1).imageId(), leases.next("ben", items, id -> !id.equals(first), List::of).orElseThrow().imageId());
    }
}
