package org.trapstream.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.image.store.ImageStore;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.NetworkIo;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Network;
import org.trapstream.trainer.labels.LabelRecord;

/**
 * An imported network used as a frozen feature extractor: its feature output ({@code output.features} in its
 * manifest) for labelled images, through the one preprocessing and the same engine that serves it, cached per
 * (image, backbone) in a {@link FeatureCache}.
 */
final class BackboneFeatures implements AutoCloseable {

    private static final int BATCH = 16;

    private final ModelMetadata backbone;
    private final Preprocessor preprocessor;
    private final Network network;
    private final FeatureCache cache;
    private final ImageStore images;
    private final ImageLimits limits;
    private int computed;
    private int cached;

    /** Labelled images as feature vectors; images that cannot be read or decoded are listed apart. */
    record Features(List<LabelRecord> records, float[][] vectors, List<String> failures) {
        List<String> labels() {
            return records.stream().map(LabelRecord::label).toList();
        }

        List<String> imageIds() {
            return records.stream().map(LabelRecord::imageId).toList();
        }
    }

    BackboneFeatures(ModelRegistry registry, ModelMetadata backbone, Path cacheRoot, ImageStore images,
                     ImageLimits limits) throws IOException {
        this.backbone = backbone;
        this.preprocessor = new Preprocessor(backbone);
        NetworkIo features = backbone.network().withOutput(backbone.network().featureOutput(),
            NetworkIo.OutputKind.LOGITS);
        this.network = registry.engines().forFormat(features.format()).load(registry.modelFile(backbone), features);
        this.cache = new FeatureCache(cacheRoot, backbone.sha256());
        this.images = images;
        this.limits = limits;
    }

    /** Whether a version can serve as a backbone: an imported network that names a feature output. */
    static boolean canServeAsBackbone(ModelMetadata model) {
        return model.network().format() == NetworkIo.Format.ONNX && model.network().featureOutput() != null;
    }

    ModelMetadata backbone() {
        return backbone;
    }

    Features of(List<LabelRecord> records) {
        List<LabelRecord> kept = new ArrayList<>(records.size());
        List<float[]> vectors = new ArrayList<>(records.size());
        List<String> failures = new ArrayList<>();
        List<LabelRecord> pending = new ArrayList<>(BATCH);
        List<float[]> inputs = new ArrayList<>(BATCH);
        for (LabelRecord record : records) {
            Optional<float[]> hit = cache.get(record.imageId());
            if (hit.isPresent()) {
                cached++;
                kept.add(record);
                vectors.add(hit.get());
                continue;
            }
            try {
                inputs.add(preprocessor.preprocess(Files.readAllBytes(images.pathOf(record.imageId())), limits));
                pending.add(record);
            } catch (IOException | ImageRejectedException e) {
                failures.add(record.imageId() + ": " + e.getMessage());
            }
            if (pending.size() == BATCH) {
                compute(pending, inputs, kept, vectors);
            }
        }
        compute(pending, inputs, kept, vectors);
        return new Features(kept, vectors.toArray(float[][]::new), failures);
    }

    /** Feature vectors computed by the backbone so far (not read from the cache). */
    int computed() {
        return computed;
    }

    int cached() {
        return cached;
    }

    private void compute(List<LabelRecord> pending, List<float[]> inputs, List<LabelRecord> kept, List<float[]> vectors) {
        if (pending.isEmpty()) {
            return;
        }
        float[][] rows = network.run(preprocessor.stack(inputs));
        for (int i = 0; i < rows.length; i++) {
            cache.put(pending.get(i).imageId(), rows[i]);
            kept.add(pending.get(i));
            vectors.add(rows[i]);
        }
        computed += rows.length;
        pending.clear();
        inputs.clear();
    }

    @Override
    public void close() {
        network.close();
    }
}
