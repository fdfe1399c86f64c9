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
    public static final String TRAIN_SAMPLING = "trainer.sampling";
    public static final String CROP_SCALE_MIN = "trainer.augment.crop.scale.min";
    public static final String CROP_SCALE_MAX = "trainer.augment.crop.scale.max";
    public static final String CROP_ASPECT_MIN = "trainer.augment.crop.aspect.min";
    public static final String CROP_ASPECT_MAX = "trainer.augment.crop.aspect.max";
    public static final String COLOUR_BRIGHTNESS = "trainer.augment.colour.brightness";
    public static final String COLOUR_CONTRAST = "trainer.augment.colour.contrast";
    public static final String COLOUR_SATURATION = "trainer.augment.colour.saturation";
    public static final String COLOUR_HUE = "trainer.augment.colour.hue";
    public static final String GREYSCALE_PROBABILITY = "trainer.augment.greyscale.probability";

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
                + "ones).")
        .define(TRAIN_SAMPLING, STRING, "shuffle", oneOf("shuffle", "balanced"), MEDIUM,
            "Which training images an epoch feeds: `shuffle` (each once, in a new random order), or `balanced` (as "
                + "many draws, with replacement: classes evenly in every batch and, within a class, its sites "
                + "evenly, so a class's photos from a rare site count as much as those from its main one).")
        .define(CROP_SCALE_MIN, DOUBLE, "1", between(0.05, 1), MEDIUM,
            "Random resized crop of training images: the smallest share of the image's area a crop keeps before "
                + "it is scaled back to full size; 1 turns cropping off.")
        .define(CROP_SCALE_MAX, DOUBLE, "1", between(0.05, 1), LOW,
            "Random resized crop: the largest share of the area a crop keeps (at least trainer.augment.crop.scale.min).")
        .define(CROP_ASPECT_MIN, DOUBLE, "0.75", between(0.2, 5), LOW,
            "Random resized crop: the smallest width / height of a crop (drawn on a log scale up to "
                + "trainer.augment.crop.aspect.max).")
        .define(CROP_ASPECT_MAX, DOUBLE, "1.333", between(0.2, 5), LOW,
            "Random resized crop: the largest width / height of a crop.")
        .define(COLOUR_BRIGHTNESS, DOUBLE, "0", between(0, 1), MEDIUM,
            "Colour jitter of training images: brightness scaled by a random factor in [1 - this, 1 + this] "
                + "(on top of trainer.augment's); 0 for none.")
        .define(COLOUR_CONTRAST, DOUBLE, "0", between(0, 1), MEDIUM,
            "Colour jitter: contrast scaled by a random factor in [1 - this, 1 + this]; 0 for none.")
        .define(COLOUR_SATURATION, DOUBLE, "0", between(0, 1), MEDIUM,
            "Colour jitter: saturation scaled by a random factor in [1 - this, 1 + this]; 0 for none.")
        .define(COLOUR_HUE, DOUBLE, "0", between(0, 0.5), MEDIUM,
            "Colour jitter: hue turned by up to this share of a full turn either way (in YIQ space); 0 for none.")
        .define(GREYSCALE_PROBABILITY, DOUBLE, "0", between(0, 1), MEDIUM,
            "Chance that a training image is turned to greyscale, as a camera trap's infrared night frames are, "
                + "so colour alone cannot name a class; 0 for never.");

    private TrainingSettings() {
    }
}
