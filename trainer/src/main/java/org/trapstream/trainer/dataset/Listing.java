package org.trapstream.trainer.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * What a dataset offers for import: the labelled files, and how many entries were left out and why
 * (e.g. {@code unlabelled}, {@code missing_file}), so the import can report them.
 */
public record Listing(List<Entry> files, Map<String, Integer> skipped) {

    /** A labelled file, and when it was taken and its place in its burst where the dataset says (else null). */
    public record Entry(LabeledImage image, Instant capturedAt, LabelRecord.Sequence sequence) {

        public static Entry of(LabeledImage image) {
            return new Entry(image, null, null);
        }
    }

    /**
     * A folder dataset as the model module reads it ({@code DIR/<label>/<image>}), or its {@code train/} and
     * {@code test/} parts together: the dataset's own split is not kept, Trapstream assigns splits by image id.
     */
    public static Listing ofFolders(Path root) {
        List<Path> parts = FolderDataset.hasTrainTestSplit(root)
            ? Stream.of(FolderDataset.TRAIN_DIR, FolderDataset.TEST_DIR).map(root::resolve).filter(Files::isDirectory)
                .toList()
            : List.of(root);
        return new Listing(parts.stream().flatMap(part -> FolderDataset.scan(part).images().stream())
            .map(Entry::of).toList(), Map.of());
    }
}
