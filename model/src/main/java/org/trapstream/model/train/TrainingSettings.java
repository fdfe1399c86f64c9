package org.trapstream.model.train;

import org.trapstream.common.config.ConfigDef;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.BOOLEAN;
import static org.trapstream.common.config.ConfigDef.Type.DOUBLE;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.LONG;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.between;
import static org.trapstream.common.config.ConfigDef.Validator.oneOf;

/**
 * The trainer's keys for training one network ({@link TrainingOptions}), defined here, below the trainer, because
 * {@code train}, {@code tune} and {@code lr-find} read them too: a model trained from the command line is trained as
 * the trainer would. The trainer composes them into its own definition.
 */
public final class TrainingSettings {

    public static final String TRAIN_IMAGE_SIZE = "trainer.image.size";
    public static final String TRAIN_EPOCHS = "trainer.epochs";
    public static final String TRAIN_BATCH_SIZE = "trainer.batch.size";
    public static final String TRAIN_LEARNING_RATE = "trainer.learning.rate";
    public static final String TRAIN_SEED = "trainer.seed";
    public static final String TRAIN_PATIENCE = "trainer.early.stopping.patience";
    public static final String TRAIN_AUGMENT = "trainer.augment";
    public static final String SPLIT_VALIDATION_PERCENT = "trainer.split.validation.percent";
    public static final String TRAIN_ARCHITECTURE = "trainer.architecture";
    public static final String TRAIN_LR_SCHEDULE = "trainer.lr.schedule";
    public static final String TRAIN_LR_MAX = "trainer.lr.max";
    public static final String TRAIN_LR_STEP_EPOCHS = "trainer.lr.step.epochs";
    public static final String TRAIN_CLASS_WEIGHTS = "trainer.class.weights";

    public static final ConfigDef DEFINITION = new ConfigDef("trainer")
        .define(TRAIN_IMAGE_SIZE, INT, "64", between(16, 512), HIGH,
            "Side of the square model input, in pixels, for newly trained models.")
        .define(TRAIN_EPOCHS, INT, "4", atLeast(1), HIGH, "Training epochs of a new model.")
        .define(TRAIN_BATCH_SIZE, INT, "32", atLeast(1), MEDIUM, "Mini-batch size during training.")
        .define(TRAIN_LEARNING_RATE, DOUBLE, "0.001", between(1e-7, 10), HIGH, "Base learning rate.")
        .define(TRAIN_SEED, LONG, "42", LOW, "Random seed for weights, shuffling and augmentation.")
        .define(TRAIN_PATIENCE, INT, "3", atLeast(1), MEDIUM,
            "Training stops after this many epochs without a lower validation loss; the best epoch's weights are kept.")
        .define(TRAIN_AUGMENT, BOOLEAN, "true", MEDIUM,
            "Randomly flip, rotate, zoom, shift and brighten training images each epoch (never validation or test "
                + "images).")
        .define(SPLIT_VALIDATION_PERCENT, INT, "10", between(1, 45), LOW,
            "Percentage of labelled images, chosen by a hash of the image id, held out to validate during training. "
                + "Changing it moves images between splits: compare model versions only under the same split.")
        .define(TRAIN_ARCHITECTURE, STRING, "seed-cnn", oneOf("seed-cnn", "squeezenet", "resnet50", "vgg16"), HIGH,
            "Network the `train` command trains: the small seed CNN, or a DL4J zoo architecture from random weights "
                + "(`--weights FILE` starts from an operator's model file instead; nothing is downloaded). Zoo "
                + "networks need larger inputs (squeezenet >= 32 px, resnet50 >= 72, vgg16 >= 32) and are slow on a CPU.")
        .define(TRAIN_LR_SCHEDULE, STRING, "constant", oneOf("constant", "triangular"), MEDIUM,
            "Learning-rate schedule: `constant` (trainer.learning.rate), or `triangular` cyclical learning rates "
                + "(Smith 2017) rising linearly from trainer.learning.rate to trainer.lr.max and back every "
                + "2 x trainer.lr.step.epochs epochs. `trapstream lr-find` suggests the bounds.")
        .define(TRAIN_LR_MAX, DOUBLE, "0.006", between(1e-7, 10), MEDIUM,
            "Upper learning rate of the triangular schedule.")
        .define(TRAIN_LR_STEP_EPOCHS, DOUBLE, "2", between(0.05, 1000), LOW,
            "Half a cycle of the triangular schedule, in epochs (Smith recommends 2 to 10).")
        .define(TRAIN_CLASS_WEIGHTS, STRING, "none", oneOf("none", "balanced"), MEDIUM,
            "Class weights in the training loss: `none`, or `balanced` (each class weighted by images / "
                + "(classes x images of the class) in the training split, so rare classes count as much as common "
                + "ones).");

    private TrainingSettings() {
    }
}
