package org.trapstream.trainer.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.trapstream.common.contract.LabelName;
import org.trapstream.image.ImageLimits;
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

    /** Who labelled an imported dataset, when it does not say. */
    public static final String LABELER = "import";
    /** Labels are appended in chunks, so a huge dataset neither waits for one giant fsync nor sits in memory. */
    private static final int APPEND_CHUNK = 1_000;

    private final DatasetImages images;
    private final LabelStore labels;

    public LabelImporter(ImageStore images, LabelStore labels, ImageLimits limits) {
        this.images = new DatasetImages(images, limits);
        this.labels = labels;
    }

    /** Imports labels given by the dataset's makers ({@link #LABELER}). */
    public ImportSummary importAll(Listing listing, String source) {
        return importAll(listing, source, LABELER);
    }

    /**
     * @param source  recorded with every label, e.g. {@code import:/data/bees}
     * @param labeler who gave the labels: {@link #LABELER}, or the tool that classified the images
     */
    public ImportSummary importAll(Listing listing, String source, String labeler) {
        SortedMap<String, Integer> labelled = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>(listing.skipped());
        int unchanged = 0;
        Instant now = Instant.now();
        List<LabelRecord> pending = new ArrayList<>();
        Map<String, String> importedNow = new HashMap<>(); // a dataset may hold the same image twice
        for (Listing.Entry listed : listing.files()) {
            LabeledImage entry = listed.image();
            if (!LabelName.isValid(entry.label())) {
                skipped.merge("invalid_label", 1, Integer::sum);
                continue;
            }
            Optional<String> stored = images.add(entry.file(), skipped);
            if (stored.isEmpty()) {
                continue;
            }
            String id = stored.get();
            if (entry.label().equals(currentLabel(id, importedNow))) {
                unchanged++;
                continue;
            }
            importedNow.put(id, entry.label());
            pending.add(new LabelRecord(id, entry.label(), labeler, now, source,
                LabeledImage.UNKNOWN_SITE.equals(entry.site()) ? null : entry.site(), listed.capturedAt(),
                listed.sequence()));
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
}
