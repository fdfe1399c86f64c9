package org.trapstream.trainer;

import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.GeneralSettings;
import org.trapstream.common.config.HttpSettings;
import org.trapstream.common.config.ImageSettings;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.model.train.TrainingSettings;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;

/**
 * The keys the trainer role reads: when to retrain and what a candidate must do to be promoted, how to train
 * ({@link TrainingSettings}, which {@code train} shares), and the shared data dir, Kafka, HTTP and image limits.
 */
public final class TrainerConfig {

    public static final String RETRAIN_MIN_LABELS = "trainer.retrain.min.labels";
    public static final String RETRAIN_INTERVAL = "trainer.retrain.interval";
    public static final String RETRAIN_FULL_EVERY = "trainer.retrain.full.every";
    public static final String PROMOTION_TOLERANCE = "trainer.promotion.tolerance";
    public static final String PROMOTION_MAX_RECALL_DROP = "trainer.promotion.max.recall.drop";
    public static final String PROMOTION_MIN_CLASS_SUPPORT = "trainer.promotion.min.class.support";
    public static final String SPLIT_EVALUATION_PERCENT = "trainer.split.evaluation.percent";
    public static final String SPLIT_SITE_MIN_SITES = "trainer.split.site.min.sites";
    public static final String TRAINER_GROUP_ID = "trainer.group.id";

    public static final ConfigDef DEFINITION = new ConfigDef("trainer")
        .include(GeneralSettings.DEFINITION, KafkaSettings.DEFINITION, HttpSettings.DEFINITION,
            ImageSettings.DEFINITION, TrainingSettings.DEFINITION)
        .define(RETRAIN_MIN_LABELS, INT, "50", atLeast(1), HIGH, "New feedback labels that trigger a retraining run.")
        .define(RETRAIN_INTERVAL, DURATION, "30m", MEDIUM,
            "A retraining run also starts this long after the last one when any new label has arrived.")
        .define(RETRAIN_FULL_EVERY, INT, "5", atLeast(0), LOW,
            "Retraining normally fine-tunes the serving model's head on frozen features; every Nth run in a row trains "
                + "the whole network from scratch instead, so the features learn from the new labels too (0: only when "
                + "a label disappeared or no model serves).")
        .define(PROMOTION_TOLERANCE, DOUBLE, "0.01", between(0, 1), MEDIUM,
            "A candidate is promoted when its macro-F1 is at least the current model's minus this.")
        .define(PROMOTION_MAX_RECALL_DROP, DOUBLE, "0.25", between(0, 1), MEDIUM,
            "A candidate is rejected when the recall of any class drops by more than this against the current model.")
        .define(PROMOTION_MIN_CLASS_SUPPORT, INT, "5", atLeast(1), LOW,
            "Evaluation images a class needs before a drop of its recall can block a promotion.")
        .define(SPLIT_EVALUATION_PERCENT, INT, "10", between(1, 45), LOW,
            "Percentage of labelled images, chosen by a hash of the image id, frozen for evaluation: never trained on, "
                + "the same images score the candidate and the current model.")
        .define(SPLIT_SITE_MIN_SITES, INT, "20", atLeast(0), MEDIUM,
            "Once the labels name this many sites (cameras for streamed labels, locations for imports), whole sites are "
                + "held out for evaluation and validation by a hash of the site, so candidates are judged at cameras "
                + "they never saw; 0 keeps splitting by image.")
        .define(TRAINER_GROUP_ID, STRING, "trapstream-trainer", MEDIUM,
            "Consumer group of the trainer on the feedback topic.");

    private TrainerConfig() {
    }
}
