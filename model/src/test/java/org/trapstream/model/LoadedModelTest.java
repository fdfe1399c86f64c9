package org.trapstream.model;

import java.nio.file.Path;
import org.trapstream.serving.Backend;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.engine.Dl4jEngine;
import org.trapstream.serving.engine.InputBatch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadedModelTest {

    private static InputBatch input;

    @TempDir
    Path root;

    @BeforeAll
    static void randomImages() {
        Backend.init();
        input = TinyNetworks.random(4, TinyNetworks.SIZE);
    }

    @Test
    void aTemperatureAboveOneSoftensButKeepsTheRanking() {
        LoadedModel plain = new LoadedModel(TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE),
            Dl4jEngine.network(TinyNetworks.seedCnn(11)));
        LoadedModel calibrated = new LoadedModel(ModelMetadata.fromJson(
            plain.metadata().toJson().put("temperature", 2.0)), Dl4jEngine.network(TinyNetworks.seedCnn(11)));

        float[][] sharp = plain.predict(input);
        float[][] soft = calibrated.predict(input);

        for (int row = 0; row < sharp.length; row++) {
            assertEquals(argMax(sharp[row]), argMax(soft[row]));
            assertTrue(soft[row][argMax(soft[row])] <= sharp[row][argMax(sharp[row])]);
            assertEquals(1.0, soft[row][0] + soft[row][1] + soft[row][2], 1e-5);
            // softmax(log p / 2) is proportional to sqrt(p)
            double norm = Math.sqrt(sharp[row][0]) + Math.sqrt(sharp[row][1]) + Math.sqrt(sharp[row][2]);
            assertEquals(Math.sqrt(sharp[row][1]) / norm, soft[row][1], 1e-5);
        }
    }

    @Test
    void aCopyPredictsTheSameWithItsOwnNetwork() {
        ModelRegistry registry = new ModelRegistry(root);
        String version = registry.save(TinyNetworks.seedCnn(12), TinyNetworks.draft(TinyNetworks.LABELS, TinyNetworks.SIZE)).version();
        LoadedModel model = registry.load(version);

        LoadedModel copy = model.copy();

        assertNotSame(model, copy);
        assertEquals(model.metadata(), copy.metadata());
        float[][] expected = model.predict(input);
        float[][] actual = copy.predict(input);
        for (int row = 0; row < expected.length; row++) {
            assertArrayEquals(expected[row], actual[row], 1e-6f);
        }
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
