package org.trapstream.bench.training;

import java.util.List;

import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.DecodedDataset;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.FolderDataset;

/**
 * Decodes a whole dataset and refuses to go on without every image: a benchmark that silently scored fewer
 * test images than the dataset's README lists would not measure what its table says.
 */
final class StrictDecode {

    static List<DecodedImage> decode(FolderDataset dataset, int size, ImageLimits limits) {
        DecodedDataset decoded = DecodedDataset.decode(dataset, size, limits);
        if (!decoded.failures().isEmpty()) {
            throw new IllegalStateException("Undecodable images in " + dataset.source() + ": " + decoded.failures());
        }
        return decoded.images();
    }

    private StrictDecode() {
    }
}
