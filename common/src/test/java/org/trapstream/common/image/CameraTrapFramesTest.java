package org.trapstream.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.testkit.SharedDatasets;

/** Real camera-trap JPEGs from /work/shared/datasets; skipped where the datasets are not present. */
class CameraTrapFramesTest {

    private static final ImageLimits LIMITS = ImageLimits.from(TrapstreamConfig.of(Map.of()));

    @Test
    void decodesAFullSizeSerengetiFrameToModelInput() throws IOException {
        List<Path> frames = jpegsIn(SharedDatasets.SERENGETI);
        byte[] bytes = Files.readAllBytes(frames.get(0));

        ImageInfo info = ImageProbe.probe(bytes, LIMITS);
        BufferedImage image = ImageDecoder.decode(bytes, 224, 224, LIMITS);

        assertEquals(ImageFormat.JPEG, info.format());
        assertEquals(2048, info.width());
        assertEquals(1536, info.height());
        assertNotNull(info.exifCapturedAt(), "Serengeti frames carry DateTimeOriginal");
        assertEquals(224, image.getWidth());
        assertEquals(224, image.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedDatasets.SERENGETI, SharedDatasets.BORNEO})
    void readsTheCaptureTimeOfEveryRealFrame(String dataset) throws IOException {
        for (Path frame : jpegsIn(dataset)) {
            Instant capturedAt = ImageProbe.probe(Files.readAllBytes(frame), LIMITS).exifCapturedAt();

            assertNotNull(capturedAt, frame.toString());
            assertTrue(capturedAt.isAfter(Instant.parse("2005-01-01T00:00:00Z")), frame + ": " + capturedAt);
        }
    }

    private static List<Path> jpegsIn(String dataset) throws IOException {
        try (Stream<Path> files = Files.walk(SharedDatasets.require(dataset))) {
            List<Path> jpegs = files
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                .sorted().toList();
            assumeTrue(!jpegs.isEmpty(), "dataset " + dataset + " has no JPEGs");
            return jpegs;
        }
    }
}
