package org.trapstream.common.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("camtrap.images", 0);
    private static final TopicPartition P1 = new TopicPartition("camtrap.images", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    private void track(TopicPartition partition, long... offsets) {
        for (long offset : offsets) {
            tracker.track(partition, offset);
        }
    }

    private void done(TopicPartition partition, long... offsets) {
        for (long offset : offsets) {
            tracker.done(partition, offset);
        }
    }

    @Test
    void commitsOnlyTheContiguousDonePrefix() {
        track(P0, 10, 11, 12, 13, 14);
        done(P0, 12, 13);
        assertTrue(tracker.takeCommittable().isEmpty(), "10 and 11 are still in flight");

        tracker.done(P0, 10);
        assertEquals(Map.of(P0, new OffsetAndMetadata(11)), tracker.takeCommittable());

        tracker.done(P0, 11);
        assertEquals(Map.of(P0, new OffsetAndMetadata(14)), tracker.takeCommittable(), "11, 12, 13 now all done");
        assertTrue(tracker.takeCommittable().isEmpty(), "nothing moved since the last call");
        assertEquals(1, tracker.pending());
    }

    @Test
    void aFailedCommitIsOfferedAgainWithWhatFinishedSince() {
        track(P0, 0, 1, 2, 3);
        tracker.done(P0, 0);
        Map<TopicPartition, OffsetAndMetadata> failed = tracker.takeCommittable();
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), failed);
        assertTrue(tracker.takeCommittable().isEmpty(), "taken offsets count as committed");

        tracker.commitFailed(failed);
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), tracker.takeCommittable(), "offered again");

        tracker.commitFailed(Map.of(P0, new OffsetAndMetadata(1)));
        tracker.done(P0, 1);
        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), tracker.takeCommittable(), "never behind a newer position");
    }

    @Test
    void aRecordIsTrackedFromConsumptionUntilDoneOrRevoked() {
        tracker.track(P0, 7);
        tracker.track(P0, 8);
        assertTrue(tracker.isTracked(P0, 7));
        tracker.done(P0, 8);
        assertFalse(tracker.isTracked(P0, 8), "done out of order");
        tracker.done(P0, 7);
        assertFalse(tracker.isTracked(P0, 7), "done");
        tracker.track(P1, 3);
        tracker.revoke(List.of(P1));
        assertFalse(tracker.isTracked(P1, 3), "revoked");
        tracker.commitFailed(Map.of(P1, new OffsetAndMetadata(4)));
        assertTrue(tracker.takeCommittable().keySet().stream().noneMatch(P1::equals), "a revoked partition stays forgotten");
    }

    @Test
    void partitionsAdvanceIndependently() {
        track(P0, 0);
        track(P1, 0, 1);
        done(P1, 1, 0);
        assertEquals(Map.of(P1, new OffsetAndMetadata(2)), tracker.takeCommittable());
    }

    @Test
    void gapsLeftByCompactionDoNotBlockTheCommit() {
        track(P0, 3, 7, 8, 20);
        done(P0, 20, 8, 3, 7);
        assertEquals(Map.of(P0, new OffsetAndMetadata(21)), tracker.takeCommittable());
        assertEquals(0, tracker.pending());
    }

    @Test
    void doneTwiceOrForAnUntrackedOffsetChangesNothing() {
        track(P0, 5, 6);
        done(P0, 5, 5, 99);
        done(P1, 5);
        assertEquals(Map.of(P0, new OffsetAndMetadata(6)), tracker.takeCommittable());
        assertEquals(1, tracker.pending());
    }

    @Test
    void revocationReturnsWhatIsLeftToCommitAndForgetsThePartition() {
        track(P0, 0, 1, 2);
        track(P1, 0);
        done(P0, 0, 1);

        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), tracker.revoke(List.of(P0)));
        assertEquals(1, tracker.pending(), "only P1's record remains tracked");

        tracker.done(P0, 2);
        assertTrue(tracker.takeCommittable().isEmpty(), "a late completion of a revoked partition is ignored");
    }

    @Test
    void aPartitionReassignedLaterStartsAfresh() {
        tracker.track(P0, 0);
        tracker.revoke(List.of(P0));
        tracker.track(P0, 0);
        tracker.done(P0, 0);
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), tracker.takeCommittable());
    }
}
