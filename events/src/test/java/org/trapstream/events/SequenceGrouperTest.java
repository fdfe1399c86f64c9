package org.trapstream.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.CaptureEvent.ClosedBy;
import org.trapstream.events.SequenceGrouper.Frame;
import org.trapstream.events.SequenceGrouper.Outcome;
import org.trapstream.events.SequenceGrouper.Placement;
import org.trapstream.events.SequenceGrouper.Sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceGrouperTest {

    private static final Duration GAP = Duration.ofSeconds(60);
    private static final Duration LATENESS = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2024-06-01T04:00:00Z");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SequenceGrouper<String> grouper = new SequenceGrouper<>(
        new SequenceGrouper.Settings(GAP, LATENESS, IDLE, 100));
    private final List<Sequence<String>> closed = new ArrayList<>();

    private Placement add(String camera, String imageId, long secondsAfterT0) {
        Outcome<String> outcome = grouper.add(camera, new Frame<>(imageId, T0.plusSeconds(secondsAfterT0), imageId), NOW);
        closed.addAll(outcome.closed());
        return outcome.placement();
    }

    private static List<String> ids(Sequence<String> sequence) {
        return sequence.frames().stream().map(Frame::imageId).toList();
    }

    @Test
    void framesExactlyTheGapApartAreOneSequenceAndOneSecondMoreSplitsThem() {
        add("cam", "a", 0);
        add("cam", "b", 60);
        add("cam", "c", 121);
        add("cam", "far", 1000);
        assertEquals(2, closed.size());
        assertEquals(List.of("a", "b"), ids(closed.get(0)));
        assertEquals(List.of("c"), ids(closed.get(1)));
        assertEquals(ClosedBy.WATERMARK, closed.get(0).closedBy());
    }

    @Test
    void aSequenceClosesOnlyOnceTheWatermarkPassesItsLastFramePlusGapPlusLateness() {
        add("cam", "a", 0);
        add("cam", "b", 90); // a new sequence; "a" still waits for frames up to 30 s late
        assertEquals(List.of(), closed);
        add("cam", "c", 90);
        assertEquals(List.of(), closed, "watermark 90 s is exactly gap + lateness after a: not yet passed");
        add("cam", "d", 91);
        assertEquals(1, closed.size());
        assertEquals(List.of("a"), ids(closed.get(0)));
    }

    @Test
    void aLateFrameWithinTheLatenessJoinsItsSequenceInCaptureOrder() {
        add("cam", "a", 0);
        add("cam", "c", 20);
        add("cam", "later", 100);
        assertEquals(Placement.LATE_ATTACHED, add("cam", "b", 10));
        add("cam", "end", 5000);
        assertEquals(List.of("a", "b", "c"), ids(closed.get(0)));
    }

    @Test
    void aLateFrameBeyondTheLatenessIsDroppedAndItsSequenceStaysAsPublished() {
        add("cam", "a", 0);
        add("cam", "b", 10);
        add("cam", "next", 200);
        assertEquals(1, closed.size(), "a and b closed when the watermark reached 200 s");
        assertEquals(Placement.LATE_DROPPED, add("cam", "late", 15));
        assertEquals(Placement.LATE_DROPPED, add("cam", "late-in-gap", 60), "within the gap of the closed sequence");
        assertEquals(Placement.OPENED, add("cam", "own", 100), "more than the gap after it: a sequence of its own");
        assertEquals(List.of("a", "b"), ids(closed.get(0)));
    }

    @Test
    void aLateFrameThatBridgesTwoOpenSequencesLinksThemIntoOne() {
        add("cam", "a", 0);
        add("cam", "c", 80);
        assertEquals(Placement.LATE_ATTACHED, add("cam", "b", 40));
        grouper.closeIdle(NOW.plus(IDLE)).forEach(closed::add);
        assertEquals(1, closed.size());
        assertEquals(List.of("a", "b", "c"), ids(closed.get(0)));
    }

    @Test
    void aRepeatedImageIsADuplicateAndTheEventHasItOnce() {
        add("cam", "a", 0);
        assertEquals(Placement.DUPLICATE, add("cam", "a", 0));
        assertEquals(1, grouper.openFrames());
    }

    @Test
    void aCameraThatStopsSendingClosesItsLastSequenceAfterTheIdleTimeoutAndIsForgotten() {
        add("cam", "a", 0);
        add("cam", "b", 5);
        assertEquals(List.of(), grouper.closeIdle(NOW.plus(IDLE).minusMillis(1)));
        List<Sequence<String>> idle = grouper.closeIdle(NOW.plus(IDLE));
        assertEquals(1, idle.size());
        assertEquals(ClosedBy.IDLE, idle.get(0).closedBy());
        assertEquals(List.of("a", "b"), ids(idle.get(0)));
        assertEquals(0, grouper.cameras());
        assertEquals(0, grouper.openFrames());
    }

    @Test
    void aCameraOverItsOpenFrameBoundPublishesItsOldestSequenceEarlyAndTheBurstGoesOn() {
        SequenceGrouper<String> bounded = new SequenceGrouper<>(new SequenceGrouper.Settings(GAP, LATENESS, IDLE, 3));
        List<Sequence<String>> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.addAll(bounded.add("cam", new Frame<>("f" + i, T0.plusSeconds(i), "f" + i), NOW).closed());
        }
        assertEquals(1, out.size());
        assertEquals(ClosedBy.FRAME_LIMIT, out.get(0).closedBy());
        assertEquals(List.of("f0", "f1", "f2"), out.get(0).frames().stream().map(Frame::imageId).toList());
        assertEquals(2, bounded.openFrames(), "the frames after the early close open a new sequence, none dropped");
    }

    /**
     * Several cameras, each a series of bursts (3-10 frames, 0-20 s apart) separated by more than the gap; each
     * frame arrives up to the allowed lateness after its capture time, so the cameras interleave and each one's
     * frames come out of order. Every burst must come out as exactly one sequence, with no frame dropped.
     */
    @Test
    void generatedInterleavedOutOfOrderStreamsComeOutAsTheirBursts() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            record Sent(String camera, String imageId, Instant capturedAt, Instant arrivesAt) {}
            List<Sent> stream = new ArrayList<>();
            Map<String, Set<String>> burstOf = new HashMap<>();
            int cameras = 2 + random.nextInt(5);
            for (int c = 0; c < cameras; c++) {
                String camera = "cam-" + c;
                Instant t = T0.plusSeconds(random.nextInt(600));
                int bursts = 1 + random.nextInt(8);
                for (int b = 0; b < bursts; b++) {
                    Set<String> burst = new TreeSet<>();
                    int frames = 3 + random.nextInt(8);
                    for (int f = 0; f < frames; f++) {
                        String id = camera + "-b" + b + "-f" + f;
                        burst.add(id);
                        burstOf.put(id, burst);
                        Instant arrives = t.plusMillis((long) (random.nextDouble() * LATENESS.toMillis()));
                        stream.add(new Sent(camera, id, t, arrives));
                        t = t.plusSeconds(random.nextInt(21));
                    }
                    t = t.plus(GAP).plusSeconds(1 + random.nextInt(3600));
                }
            }
            stream.sort(Comparator.comparing(Sent::arrivesAt));
            SequenceGrouper<String> grouper = new SequenceGrouper<>(new SequenceGrouper.Settings(GAP, LATENESS, IDLE, 100));
            List<Sequence<String>> out = new ArrayList<>();
            for (Sent sent : stream) {
                Outcome<String> outcome = grouper.add(sent.camera(),
                    new Frame<>(sent.imageId(), sent.capturedAt(), sent.imageId()), NOW);
                assertTrue(outcome.placement() != Placement.LATE_DROPPED, "seed " + seed + ": " + sent + " dropped");
                out.addAll(outcome.closed());
            }
            out.addAll(grouper.closeIdle(NOW.plus(IDLE)));
            assertEquals(new HashSet<>(burstOf.values()).size(), out.size(), "seed " + seed);
            for (Sequence<String> sequence : out) {
                List<String> ids = ids(sequence);
                assertEquals(burstOf.get(ids.get(0)), new TreeSet<>(ids), "seed " + seed);
                assertTrue(ids.stream().allMatch(id -> id.startsWith(sequence.cameraId() + "-")), "seed " + seed);
                List<Instant> times = sequence.frames().stream().map(Frame::capturedAt).toList();
                assertEquals(times.stream().sorted().toList(), times, "seed " + seed + ": frames in capture order");
            }
            assertEquals(0, grouper.openFrames());
        }
    }
}
