package org.trapstream.model.cli;

import java.nio.file.Path;

import org.trapstream.common.cli.Values.PositiveInteger;
import org.trapstream.model.data.SplitBy;
import org.trapstream.model.data.TrainTestSets;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR [--limit-per-class N]}, for the commands that train: one rule for reading a dataset's training
 * and test images, so a rate or configuration found on a folder is never chosen on the images its model is then
 * tested on.
 */
final class DatasetOption {

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "train/ and test/ folders of <class>/<image>, or one folder of <class>/<image> of which a "
            + "stratified 20%% is held out for testing.")
    private Path data;

    @Option(names = "--limit-per-class", paramLabel = "N", converter = PositiveInteger.class,
        description = "Use at most N images per class of each split (quick runs).")
    private int limitPerClass = Integer.MAX_VALUE;

    TrainTestSets read(long seed, SplitBy splitBy) {
        return TrainTestSets.read(data, seed, splitBy).limitPerClass(limitPerClass, seed);
    }
}
