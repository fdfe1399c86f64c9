package org.trapstream.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Real camera-trap frames, their capture times read from EXIF as ingest reads them, grouped with the default gap:
 * the grouping must reproduce the sequences the datasets document. Serengeti frames of one trigger are numbered
 * consecutively (PICT0020-0022, 0128-0130, 0221-0223 and the single 0275); the Camtrap DP example's media are one
 * ten-frame burst. The frames arrive out of order within the allowed lateness, and the two cameras interleaved.
 */
class DatasetSequencesTest {

    private static final Pattern FRAME_NUMBER = Pattern.compile("PICT(\\d+)");
    private static final Instant ARRIVAL = Instant.parse("2030-01-01T00:00:00Z");
    private static final SequenceGrouper.Settings DEFAULTS = new SequenceGrouper.Settings(
        Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofMinutes(5), 200);

    private record Shot(String camera, String file, String imageId, Instant capturedAt) {}

    private static List<Shot> shots(String camera, Path folder) throws IOException {
        List<Shot> shots = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().toUpperCase().endsWith(".JPG")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                Instant capturedAt = ImageProbe.probe(bytes, ImageLimits.defaults()).exifCapturedAt();
                assertNotNull(capturedAt, file + " has no EXIF capture time");
                shots.add(new Shot(camera, file.getFileName().toString(), ImageIds.of(bytes), capturedAt));
            }
        }
        return shots;
    }

    /**
     * Groups the shots and returns each sequence as its file names in capture order. Each shot arrives up to the
     * allowed lateness after its capture time (random per shot), counted from its camera's first capture, so the
     * frames of a burst come out of order and the cameras interleave.
     */
    private static List<List<String>> group(List<Shot> shots, long seed) {
        Random random = new Random(seed);
        Map<String, Instant> firstCapture = new HashMap<>();
        shots.forEach(shot -> firstCapture.merge(shot.camera(), shot.capturedAt(), (a, b) -> a.isBefore(b) ? a : b));
        Map<Shot, Duration> arrival = new HashMap<>();
        for (Shot shot : shots) {
            arrival.put(shot, Duration.between(firstCapture.get(shot.camera()), shot.capturedAt())
                .plusMillis((long) (random.nextDouble() * DEFAULTS.allowedLateness().toMillis())));
        }
        List<Shot> shuffled = new ArrayList<>(shots);
        shuffled.sort(Comparator.comparing(arrival::get));
        SequenceGrouper<Shot> grouper = new SequenceGrouper<>(DEFAULTS);
        List<SequenceGrouper.Sequence<Shot>> closed = new ArrayList<>();
        for (Shot shot : shuffled) {
            closed.addAll(grouper.add(shot.camera(),
                new SequenceGrouper.Frame<>(shot.imageId(), shot.capturedAt(), shot), ARRIVAL).closed());
        }
        closed.addAll(grouper.closeIdle(ARRIVAL.plus(DEFAULTS.idleTimeout())));
        return closed.stream()
            .map(sequence -> sequence.frames().stream().map(frame -> frame.item().file()).sorted().toList())
            .sorted((a, b) -> a.get(0).compareTo(b.get(0)))
            .toList();
    }

    /** The dataset's own sequences: runs of consecutive frame numbers. */
    private static List<List<String>> consecutiveFrameRuns(List<Shot> shots) {
        List<List<String>> runs = new ArrayList<>();
        int previous = Integer.MIN_VALUE;
        for (Shot shot : shots) {
            Matcher number = FRAME_NUMBER.matcher(shot.file());
            assertEquals(true, number.find(), shot.file());
            int frame = Integer.parseInt(number.group(1));
            if (frame != previous + 1) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(shot.file());
            previous = frame;
        }
        return runs;
    }

    @Test
    void serengetiFramesGroupIntoTheDatasetsBursts() throws IOException {
        Path images = SharedDatasets.require(SharedDatasets.SERENGETI).resolve("images");
        List<Shot> shots = shots("serengeti-d04", images);
        List<List<String>> expected = consecutiveFrameRuns(shots);
        assertEquals(4, expected.size(), "three bursts and a single frame, as the dataset's README says");
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(expected, group(shots, seed), "seed " + seed);
        }
    }

    @Test
    void theCamtrapDpExampleBurstIsOneSequenceOfTenFrames() throws IOException {
        Path media = SharedDatasets.requireBeside("schemas/camtrap-dp-1.0.2").resolve("example/media");
        List<Shot> shots = shots("camtrap-dp-example", media);
        assertEquals(10, shots.size());
        assertEquals(List.of(shots.stream().map(Shot::file).toList()), group(shots, 7));
    }

    @Test
    void bothCamerasInterleavedKeepTheirOwnSequences() throws IOException {
        Path serengeti = SharedDatasets.require(SharedDatasets.SERENGETI).resolve("images");
        Path example = SharedDatasets.requireBeside("schemas/camtrap-dp-1.0.2").resolve("example/media");
        List<Shot> first = shots("serengeti-d04", serengeti);
        List<Shot> second = shots("camtrap-dp-example", example);
        List<Shot> both = new ArrayList<>(first);
        both.addAll(second);
        List<List<String>> expected = new ArrayList<>(consecutiveFrameRuns(first));
        expected.add(second.stream().map(Shot::file).toList());
        expected.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        assertEquals(expected, group(both, 11));
    }
}
