package org.trapstream.model.train;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.model.arch.Architecture;
import org.trapstream.model.arch.NetworkSpec;
import org.trapstream.model.arch.SeedCnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingOptionsTest {

    @Test
    void defaultsKeepTheSeedCnnAConstantRateAndAnUnweightedLoss() {
        TrainingOptions options = TrainingOptions.from(TrapstreamConfig.of(TrainingSettings.DEFINITION, Map.of()));

        assertEquals(NetworkSpec.SEED_CNN, options.network());
        assertEquals(LearningRatePolicy.CONSTANT, options.learningRatePolicy());
        assertEquals(ClassWeighting.NONE, options.classWeighting());
        assertEquals(new TrainingOptions(SeedCnn.DEFAULT, 64, 4, 32, 0.001, 42, 0.1, 3,
            options.augmentation()), options, "the nine-argument constructor means the same");
    }

    @Test
    void readsTheArchitectureScheduleAndClassWeightsKeys() {
        TrainingOptions options = TrainingOptions.from(TrapstreamConfig.of(TrainingSettings.DEFINITION, Map.of(
            TrainingSettings.TRAIN_ARCHITECTURE, "squeezenet",
            TrainingSettings.TRAIN_LR_SCHEDULE, "triangular",
            TrainingSettings.TRAIN_LR_MAX, "0.01",
            TrainingSettings.TRAIN_LR_STEP_EPOCHS, "3",
            TrainingSettings.TRAIN_CLASS_WEIGHTS, "balanced")));

        assertEquals(Architecture.SQUEEZENET, options.network().architecture());
        assertEquals(LearningRatePolicy.triangular(0.01, 3), options.learningRatePolicy());
        assertEquals(ClassWeighting.BALANCED, options.classWeighting());
        assertEquals("triangular", options.trainingJson().getJsonObject("learning_rate_policy").getString("schedule"));
        assertEquals("balanced", options.toJson().getJsonObject("training").getString("class_weighting"));
    }

    @Test
    void aTriangularMaximumMustExceedTheBaseRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.from(
            TrapstreamConfig.of(TrainingSettings.DEFINITION, Map.of(TrainingSettings.TRAIN_LR_SCHEDULE, "triangular",
                TrainingSettings.TRAIN_LR_MAX, "0.0005"))));

        assertTrue(e.getMessage().contains("trainer.lr.max"), e.getMessage());
    }
}
