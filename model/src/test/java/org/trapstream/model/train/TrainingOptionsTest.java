package org.trapstream.model.train;

import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.arch.Architecture;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.arch.SeedCnn;
import org.trapstream.model.data.Augmentation;
import org.trapstream.model.data.ColourJitter;
import org.trapstream.model.data.ResizedCrop;
import org.trapstream.model.data.Sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingOptionsTest {

    @Test
    void defaultsKeepTheSeedCnnAConstantRateAndAnUnweightedLoss() {
        TrainingOptions options = optionsFrom(Map.of());

        assertEquals(NetworkSpec.SEED_CNN, options.network());
        assertEquals(LearningRatePolicy.CONSTANT, options.learningRatePolicy());
        assertEquals(ClassWeighting.NONE, options.classWeighting());
        assertEquals(new TrainingOptions(SeedCnn.DEFAULT, 64, 4, 32, 0.001, 42, 0.1, 3,
            options.augmentation()), options, "the nine-argument constructor means the same");
    }

    @Test
    void readsTheArchitectureScheduleAndClassWeightsKeys() {
        TrainingOptions options = optionsFrom(Map.of(
            TrainingSettings.TRAIN_ARCHITECTURE, "squeezenet",
            TrainingSettings.TRAIN_LR_SCHEDULE, "triangular",
            TrainingSettings.TRAIN_LR_MAX, "0.01",
            TrainingSettings.TRAIN_LR_STEP_EPOCHS, "3",
            TrainingSettings.TRAIN_CLASS_WEIGHTS, "balanced"));

        assertEquals(Architecture.SQUEEZENET, options.network().architecture());
        assertEquals(LearningRatePolicy.triangular(0.01, 3), options.learningRatePolicy());
        assertEquals(ClassWeighting.BALANCED, options.classWeighting());
        assertEquals("triangular", options.trainingJson().getJsonObject("learning_rate_policy").getString("schedule"));
        assertEquals("balanced", options.toJson().getJsonObject("training").getString("class_weighting"));
    }

    @Test
    void theSiteMeasuresAreOffByDefaultAndReadFromTheirKeys() {
        TrainingOptions defaults = optionsFrom(Map.of());
        TrainingOptions measured = optionsFrom(Map.of(
            TrainingSettings.CROP_SCALE_MIN, "0.35",
            TrainingSettings.COLOUR_SATURATION, "0.4",
            TrainingSettings.COLOUR_HUE, "0.05",
            TrainingSettings.GREYSCALE_PROBABILITY, "0.25",
            TrainingSettings.TRAIN_SAMPLING, "balanced"));

        assertEquals(Augmentation.STANDARD, defaults.augmentation());
        assertEquals(Sampling.SHUFFLE, defaults.sampling());
        assertEquals(new ResizedCrop(0.35, 1, 0.75, 1.333), measured.augmentation().crop());
        assertEquals(new ColourJitter(0, 0, 0.4, 0.05), measured.augmentation().colour());
        assertEquals(0.25, measured.augmentation().greyscaleProbability());
        assertEquals(Sampling.BALANCED, measured.sampling());
        JsonObject recorded = measured.trainingJson();
        assertEquals("balanced", recorded.getString("sampling"));
        assertEquals(0.35, recorded.getJsonObject("augmentation").getJsonObject("random_resized_crop")
            .getDouble("min_scale"));
        assertEquals(0.25, recorded.getJsonObject("augmentation").getDouble("greyscale_probability"));
    }

    @Test
    void aMeasureAloneAugmentsEvenWithTheStandardChangesOff() {
        TrainingOptions greyOnly = optionsFrom(Map.of(
            TrainingSettings.TRAIN_AUGMENT, "false", TrainingSettings.GREYSCALE_PROBABILITY, "0.5"));
        TrainingOptions nothing = optionsFrom(Map.of(
            TrainingSettings.TRAIN_AUGMENT, "false"));

        assertEquals(Augmentation.NONE.with(null, null, 0.5), greyOnly.augmentation());
        assertNull(nothing.augmentation());
    }

    @Test
    void anInvertedCropRangeNamesBothKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.from(
            TrapstreamConfig.of(TrainingSettings.DEFINITION, Map.of(TrainingSettings.CROP_SCALE_MIN, "0.5",
                TrainingSettings.CROP_SCALE_MAX, "0.4"))));

        assertTrue(e.getMessage().contains(TrainingSettings.CROP_SCALE_MIN)
            && e.getMessage().contains(TrainingSettings.CROP_SCALE_MAX), e.getMessage());
    }

    @Test
    void aTriangularMaximumMustExceedTheBaseRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.from(
            TrapstreamConfig.of(TrainingSettings.DEFINITION, Map.of(TrainingSettings.TRAIN_LR_SCHEDULE, "triangular",
                TrainingSettings.TRAIN_LR_MAX, "0.0005"))));

        assertTrue(e.getMessage().contains("trainer.lr.max"), e.getMessage());
    }

    private static TrainingOptions optionsFrom(Map<String, String> settings) {
        return TrainingOptions.from(TrapstreamConfig.of(TrainingSettings.DEFINITION, settings));
    }
}
