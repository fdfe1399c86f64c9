package org.trapstream.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.trapstream.common.contract.CaptureEvent.ClosedBy;

/**
 * Groups each camera's frames into sequences by capture time, by event time with a bounded wait for late frames.
 * Pure and single-threaded: its owner feeds it frames and the processing-time clock, and publishes what closes.
 *
 * <p>Two frames of a camera belong to one sequence when a chain of its frames links them with steps of at most
 * {@code gap}. A camera's watermark is the latest capture time it has sent. A sequence closes when the watermark
 * passes its last frame by {@code gap + allowedLateness}: by then a frame that could still join it would be later
 * than the lateness allows. A camera that stops sending moves no watermark, so once it has sent nothing for
 * {@code idleTimeout} (processing time) its open sequences close anyway, and it is forgotten: a frame it sends
 * later starts afresh.
 *
 * <p>A frame arriving out of order joins the open sequences it lies within {@code gap} of (and links them into one);
 * a frame that would belong to a sequence already closed is dropped from the events ({@link Placement#LATE_DROPPED}),
 * its prediction unaffected. A frame whose image id is already open in the camera's sequences is a repeat delivery
 * ({@link Placement#DUPLICATE}) and changes nothing. A camera holds at most {@code maxOpenFrames} open frames:
 * a frame that finds them full first closes its oldest sequence early ({@link ClosedBy#FRAME_LIMIT}) and the frames that follow it start a
 * new sequence rather than count as late.
 *
 * @param <T> what the owner carries with each frame (its prediction, and whatever completes it)
 */
public final class SequenceGrouper<T> {

    public record Settings(Duration gap, Duration allowedLateness, Duration idleTimeout, int maxOpenFrames) {
        public Settings {
            if (gap.isNegative() || allowedLateness.isNegative() || idleTimeout.isNegative() || maxOpenFrames < 1) {
                throw new IllegalArgumentException("Durations must not be negative and maxOpenFrames at least 1: " + gap
                    + ", " + allowedLateness + ", " + idleTimeout + ", " + maxOpenFrames);
            }
        }
    }

    /** One frame: its image id, capture time and the owner's item. */
    public record Frame<T>(String imageId, Instant capturedAt, T item) {}

    /** A closed sequence: the camera, its frames in capture order (ties by image id), and why it closed. */
    public record Sequence<T>(String cameraId, List<Frame<T>> frames, ClosedBy closedBy) {}

    /** Where an added frame went. */
    public enum Placement {
        /** It started a new sequence. */
        OPENED,
        /** It joined an open sequence, in capture order. */
        ATTACHED,
        /** It joined an open sequence, earlier than a frame the camera sent before it. */
        LATE_ATTACHED,
        /** It belongs to a sequence already closed: not in any event. */
        LATE_DROPPED,
        /** Its image id is already in one of the camera's open sequences. */
        DUPLICATE
    }

    /** Where the frame went, and the sequences that closed because it came. */
    public record Outcome<T>(Placement placement, List<Sequence<T>> closed) {}

    private static final Comparator<Frame<?>> CAPTURE_ORDER =
        Comparator.<Frame<?>, Instant>comparing(Frame::capturedAt).thenComparing(Frame::imageId);

    private final Settings settings;
    private final Map<String, Camera<T>> cameras = new HashMap<>();
    private int openFrames;

    public SequenceGrouper(Settings settings) {
        this.settings = settings;
    }

    /** Adds a frame of {@code cameraId} that arrived at {@code now} (processing time). */
    public Outcome<T> add(String cameraId, Frame<T> frame, Instant now) {
        Camera<T> camera = cameras.computeIfAbsent(cameraId, Camera::new);
        camera.lastArrival = now;
        Instant t = frame.capturedAt();
        if (camera.open.stream().anyMatch(open -> open.imageIds.contains(frame.imageId()))) {
            return new Outcome<>(Placement.DUPLICATE, List.of());
        }
        if (camera.closedUntil != null && !t.isAfter(camera.closedUntil.plus(settings.gap()))) {
            return new Outcome<>(Placement.LATE_DROPPED, List.of());
        }
        List<Sequence<T>> closed = new ArrayList<>();
        while (camera.openFrames() >= settings.maxOpenFrames()) {
            // Not a lateness horizon: the burst goes on in a new sequence, so closedUntil stays where it was.
            closed.add(close(camera, camera.open.remove(0), ClosedBy.FRAME_LIMIT));
        }
        Placement placement = place(camera, frame);
        if (camera.watermark == null || t.isAfter(camera.watermark)) {
            camera.watermark = t;
        }
        Instant horizon = camera.watermark.minus(settings.gap()).minus(settings.allowedLateness());
        for (Iterator<Open<T>> it = camera.open.iterator(); it.hasNext(); ) {
            Open<T> open = it.next();
            if (open.end().isBefore(horizon)) {
                it.remove();
                closed.add(close(camera, open, ClosedBy.WATERMARK));
            }
        }
        return new Outcome<>(placement, closed);
    }

    /** Closes every sequence of the cameras that sent nothing for the idle timeout before {@code now}. */
    public List<Sequence<T>> closeIdle(Instant now) {
        List<Sequence<T>> closed = new ArrayList<>();
        for (Iterator<Camera<T>> it = cameras.values().iterator(); it.hasNext(); ) {
            Camera<T> camera = it.next();
            if (Duration.between(camera.lastArrival, now).compareTo(settings.idleTimeout()) >= 0) {
                camera.open.forEach(open -> closed.add(close(camera, open, ClosedBy.IDLE)));
                camera.open.clear();
                it.remove();
            }
        }
        return closed;
    }

    /** Frames waiting in open sequences, over all cameras. */
    public int openFrames() {
        return openFrames;
    }

    /** Cameras whose state is kept: those that sent a frame within the idle timeout. */
    public int cameras() {
        return cameras.size();
    }

    private Placement place(Camera<T> camera, Frame<T> frame) {
        Instant t = frame.capturedAt();
        List<Open<T>> joined = new ArrayList<>();
        for (Open<T> open : camera.open) {
            if (!t.isBefore(open.start().minus(settings.gap())) && !t.isAfter(open.end().plus(settings.gap()))) {
                joined.add(open);
            }
        }
        openFrames++;
        if (joined.isEmpty()) {
            Open<T> created = new Open<>();
            created.add(frame);
            camera.open.add(created);
            camera.open.sort(Comparator.comparing(Open::start));
            return Placement.OPENED;
        }
        Open<T> into = joined.get(0);
        for (Open<T> other : joined.subList(1, joined.size())) {
            other.frames.forEach(into::add);
            camera.open.remove(other);
        }
        into.add(frame);
        return camera.watermark != null && frame.capturedAt().isBefore(camera.watermark)
            ? Placement.LATE_ATTACHED : Placement.ATTACHED;
    }

    private Sequence<T> close(Camera<T> camera, Open<T> open, ClosedBy closedBy) {
        openFrames -= open.frames.size();
        if (closedBy == ClosedBy.WATERMARK
            && (camera.closedUntil == null || open.end().isAfter(camera.closedUntil))) {
            camera.closedUntil = open.end();
        }
        return new Sequence<>(camera.id, List.copyOf(open.frames), closedBy);
    }

    private static final class Camera<T> {
        final String id;
        /** Open sequences, by start. */
        final List<Open<T>> open = new ArrayList<>();
        Instant watermark;
        /** The last frame of the latest sequence closed by the watermark: a frame within the gap of it is too late. */
        Instant closedUntil;
        Instant lastArrival;

        Camera(String id) {
            this.id = id;
        }

        int openFrames() {
            return open.stream().mapToInt(o -> o.frames.size()).sum();
        }
    }

    private static final class Open<T> {
        /** In capture order. */
        final List<Frame<T>> frames = new ArrayList<>();
        final Set<String> imageIds = new HashSet<>();

        void add(Frame<T> frame) {
            int at = -(Collections.binarySearch(frames, frame, CAPTURE_ORDER) + 1);
            frames.add(Math.max(at, 0), frame);
            imageIds.add(frame.imageId());
        }

        Instant start() {
            return frames.get(0).capturedAt();
        }

        Instant end() {
            return frames.get(frames.size() - 1).capturedAt();
        }
    }
}
