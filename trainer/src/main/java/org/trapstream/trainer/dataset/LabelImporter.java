package org.trapstream.trainer.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.LabelName;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.image.store.ImageStore;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelStore;

/**
 * Brings a dataset's labelled files into Trapstream: each image is checked like an ingested one (format and
 * size limits), stored under its content id, and its label appended to the label log. Images whose current
 * label is already the imported one are left alone, so importing the same dataset twice adds nothing and
 * does not count as new labels for retraining. Every imported image is marked kept ({@link ImageStore#keep}), so
 * the store's retention never deletes it. Blocking.
 */
public final class LabelImporter {

    static final String LABELER = "import";
    /** Labels are appended in chunks, so a huge dataset neither waits for one giant fsync nor sits in memory. */
    private static final int APPEND_CHUNK = 1_000;

    private final ImageStore images;
    private final LabelStore labels;
    private final ImageLimits limits;

    public LabelImporter(ImageStore images, LabelStore labels, ImageLimits limits) {
        this.images = images;
        this.labels = labels;
        this.limits = limits;
    }

    /** @param source recorded with every label, e.g. {@code import:/data/bees} */
    public ImportSummary importAll(Listing listing, String source) {
        SortedMap<String, Integer> labelled = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>(listing.skipped());
        int unchanged = 0;
        Instant now = Instant.now();
        List<LabelRecord> pending = new ArrayList<>();
        Map<String, String> importedNow = new HashMap<>(); // a dataset may hold the same image twice
        for (LabeledImage entry : listing.files()) {
            if (!LabelName.isValid(entry.label())) {
                skipped.merge("invalid_label", 1, Integer::sum);
                continue;
            }
            byte[] bytes = read(entry);
            try {
                ImageProbe.probe(bytes, limits);
            } catch (ImageRejectedException e) {
                skipped.merge("invalid_image:" + e.reason().code(), 1, Integer::sum);
                continue;
            }
            String id = ImageIds.of(bytes);
            images.put(id, bytes);
            images.keep(id);
            if (entry.label().equals(currentLabel(id, importedNow))) {
                unchanged++;
                continue;
            }
            importedNow.put(id, entry.label());
            pending.add(new LabelRecord(id, entry.label(), LABELER, now, source,
                LabeledImage.UNKNOWN_SITE.equals(entry.site()) ? null : entry.site()));
            labelled.merge(entry.label(), 1, Integer::sum);
            if (pending.size() >= APPEND_CHUNK) {
                labels.append(pending);
                pending.clear();
            }
        }
        labels.append(pending);
        return new ImportSummary(labelled, unchanged, skipped);
    }

    private String currentLabel(String imageId, Map<String, String> importedNow) {
        String imported = importedNow.get(imageId);
        return imported != null ? imported : labels.latest(imageId).map(LabelRecord::label).orElse(null);
    }

    private static byte[] read(LabeledImage entry) {
        try {
            return Files.readAllBytes(entry.file());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + entry.file(), e);
        }
    }
}
