package org.trapstream.model.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training and test images of a dataset folder, read by one rule for every command that trains (train,
 * tune), so a configuration tuned on a folder is never chosen on the images its model is later tested on.
 * A folder with {@code train/} holds {@code train/<class>/<image>} and {@code test/<class>/<image>}; any other
 * folder is {@code <class>/<image>}, of which a seeded, stratified 20 % is held out as the test set.
 */
public record TrainTestSets(FolderDataset train, FolderDataset test, SplitBy splitBy) {

    /** Share of a plain {@code <class>/<image>} folder held out as the test set. */
    public static final double TEST_FRACTION = 0.2;

    /** {@link #read(Path, long, SplitBy)} by {@link SplitBy#RANDOM}. */
    public static TrainTestSets read(Path root, long seed) {
        return read(root, seed, SplitBy.RANDOM);
    }

    /**
     * @param seed    picks the held-out test images of a plain {@code <class>/<image>} folder, or the held-out
     *                sites
     * @param splitBy {@link SplitBy#SITE} pools a {@code train/} and {@code test/} folder's images and holds whole
     *                sites out as the test set, as a plain folder's; validation is then held out by site too
     * @throws IllegalArgumentException when {@code root} is not a directory, has {@code train/} without
     *                                  {@code test/}, or holds no training images
     */
    public static TrainTestSets read(Path root, long seed, SplitBy splitBy) {
        FolderDataset all;
        if (FolderDataset.hasTrainTestSplit(root)) {
            // Without this check the test set would silently be root's own (usually empty) class folders.
            if (!Files.isDirectory(root.resolve(FolderDataset.TEST_DIR))) {
                throw new IllegalArgumentException(root + " has a " + FolderDataset.TRAIN_DIR + "/ folder but no "
                    + FolderDataset.TEST_DIR + "/ folder beside it");
            }
            FolderDataset train = FolderDataset.scan(root.resolve(FolderDataset.TRAIN_DIR));
            FolderDataset test = FolderDataset.scan(root.resolve(FolderDataset.TEST_DIR));
            if (splitBy == SplitBy.RANDOM) {
                return checked(new TrainTestSets(train, test, splitBy));
            }
            all = train.with(test, root);
        } else {
            all = FolderDataset.scan(root);
        }
        FolderDataset.Split split = splitBy.split(all, TEST_FRACTION, seed);
        return checked(new TrainTestSets(split.rest(), split.heldOut(), splitBy));
    }

    private static TrainTestSets checked(TrainTestSets sets) {
        if (sets.train.images().isEmpty()) {
            throw new IllegalArgumentException("No training images in " + sets.train.source() + ": expected "
                + "<class>/<image> folders, or " + FolderDataset.TRAIN_DIR + "/ and " + FolderDataset.TEST_DIR
                + "/ folders of them");
        }
        return sets;
    }

    /** The training images less a validation share, held out the way the test set was. */
    public FolderDataset.Split validation(double fraction, long seed) {
        return splitBy.split(train, fraction, seed);
    }

    /** At most {@code perClass} images of each class in each set, as {@link FolderDataset#limitPerClass} picks. */
    public TrainTestSets limitPerClass(int perClass, long seed) {
        return new TrainTestSets(train.limitPerClass(perClass, seed), test.limitPerClass(perClass, seed), splitBy);
    }
}
