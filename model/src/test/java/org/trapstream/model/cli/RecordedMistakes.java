package org.trapstream.model.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonObject;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.plot.Charts;
import org.trapstream.serving.ModelMetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A version's recorded mistakes, checked against its own confusion matrix and its evaluation folder. */
final class RecordedMistakes {

    private RecordedMistakes() {
    }

    /**
     * Asserts that the version evaluated on a {@code <label>/<image>} folder ({@code data.test.source}) with known
     * mistakes keeps the most confident of them, each an image of that folder, and its grid beside it.
     */
    static List<Misclassified> assertRecorded(ModelMetadata version, Path versionDir) throws IOException {
        JsonObject confusion = version.metrics().getJsonObject("confusion");
        int wrong = 0;
        for (String truth : confusion.fieldNames()) {
            for (String predicted : confusion.getJsonObject(truth).fieldNames()) {
                wrong += predicted.equals(truth) ? 0 : confusion.getJsonObject(truth).getInteger(predicted);
            }
        }
        assertTrue(wrong > 0, "the evaluation has mistakes to record: " + confusion.encode());
        List<Misclassified> kept = Misclassified.of(version.metrics());
        assertEquals(Math.min(wrong, Misclassified.MAX_KEPT), kept.size(), "every mistake, up to the bound");

        Path folder = Path.of(version.data().getJsonObject("test").getString("source"));
        Map<String, Integer> perPair = new HashMap<>();
        double previous = 1;
        for (Misclassified mistake : kept) {
            assertNotEquals(mistake.truth(), mistake.predicted());
            assertTrue(version.labels().contains(mistake.predicted()), mistake.toString());
            String pair = mistake.truth() + " -> " + mistake.predicted();
            perPair.merge(pair, 1, Integer::sum);
            assertTrue(perPair.get(pair) <= confusion.getJsonObject(mistake.truth()).getInteger(mistake.predicted()),
                pair + " more often than the confusion matrix says");
            assertTrue(mistake.confidence() <= previous, "most confident first: " + kept);
            assertTrue(mistake.confidence() >= 1.0 / version.labels().size(), "the top class's probability");
            previous = mistake.confidence();
            assertTrue(Files.isRegularFile(folder.resolve(mistake.source())), mistake.source() + " under " + folder);
            assertEquals(mistake.truth(), Path.of(mistake.source()).getName(0).toString(), "its folder is its label");
        }
        BufferedImage grid = ImageIO.read(versionDir.resolve(Charts.MISCLASSIFIED_FILE).toFile());
        assertNotNull(grid, "the grid beside the version");
        assertTrue(grid.getWidth() >= 360 && grid.getHeight() > 200, grid.getWidth() + "x" + grid.getHeight());
        return kept;
    }
}
