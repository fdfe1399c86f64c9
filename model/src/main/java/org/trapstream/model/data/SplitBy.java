package org.trapstream.model.data;

/**
 * How images are held out of training. Held-out images from the same sites as the training images flatter a
 * model that learned the sites' backgrounds; holding out whole sites measures what it does at a new one.
 */
public enum SplitBy {
    /** A seeded, stratified random share of each class. */
    RANDOM {
        @Override
        public FolderDataset.Split split(FolderDataset dataset, double fraction, long seed) {
            return dataset.split(fraction, seed);
        }
    },
    /** Whole sites, a seeded choice, until about the share is held out; a site is never on both sides. */
    SITE {
        @Override
        public FolderDataset.Split split(FolderDataset dataset, double fraction, long seed) {
            return dataset.splitBySite(fraction, seed);
        }
    };

    /** {@code fraction} of {@code dataset}'s images held out, the rest kept; both keep its labels. */
    public abstract FolderDataset.Split split(FolderDataset dataset, double fraction, long seed);
}
