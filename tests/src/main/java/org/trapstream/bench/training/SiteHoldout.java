package org.trapstream.bench.training;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * Figure 6: how the bee model does at a site it never saw. Each location of the bee set (the {@code location}
 * column of its {@code labels.csv}) is held out in turn: a model is trained, as {@code trapstream train} trains,
 * on the images of every other location and tested on that one's. Beside them, the same settings on the
 * dataset's own random train/test split, whose test photos come from the training sites. The gap is what a
 * model that learned the sites' backgrounds loses at a new camera.
 */
public final class SiteHoldout {

    /** One location held out: its images, the classes it has, and the scores there. */
    public record Fold(String site, int images, List<String> classes, double macroF1, double accuracy) {

        JsonObject toJson() {
            return new JsonObject().put("site", site).put("images", images).put("classes", new JsonArray(classes))
                .put("macro_f1", macroF1).put("accuracy", accuracy);
        }
    }

    /**
     * @param randomMacroF1 macro-F1 on the dataset's random test split, same settings
     * @param folds         one per location, in site order
     */
    public record Result(TrainingOptions options, double randomMacroF1, double randomAccuracy, List<Fold> folds) {

        /** The mean over the held-out locations, each counting once whatever its size. */
        public double meanMacroF1() {
            return folds.stream().mapToDouble(Fold::macroF1).average().orElse(Double.NaN);
        }

        public JsonObject toJson() {
            return new JsonObject()
                .put("image_size", options.imageSize())
                .put("epochs", options.epochs())
                .put("random_split", new JsonObject().put("macro_f1", randomMacroF1).put("accuracy", randomAccuracy))
                .put("leave_one_location_out_mean_macro_f1", meanMacroF1())
                .put("folds", new JsonArray(folds.stream().map(Fold::toJson).toList()));
        }

        String toMarkdown() {
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "### 6. Sites the model never saw: "
                + "leave-one-location-out (%d px, epochs %d)%n%n| held out | images | classes there | macro-F1 | "
                + "accuracy |%n|---|---|---|---|---|%n", options.imageSize(), options.epochs()));
            folds.forEach(fold -> md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f |%n",
                fold.site(), fold.images(), String.join(", ", fold.classes()), fold.macroF1(), fold.accuracy())));
            md.append(String.format(Locale.ROOT, "| **mean over locations** | | | **%.3f** | |%n"
                    + "| random split (test photos from the training sites) | | | %.3f | %.3f |%n%n",
                meanMacroF1(), randomMacroF1, randomAccuracy));
            md.append("Macro-F1 averages the classes that occur at the held-out location as a truth or a "
                + "prediction; most subspecies come from one location only, so at a held-out location the model "
                + "often has never seen a single photo of the class it must name there.\n\n");
            return md.toString();
        }
    }

    private final ModelRegistry registry;
    private final ImageLimits limits;
    private final PrintStream progress;

    public SiteHoldout(ModelRegistry registry, ImageLimits limits, PrintStream progress) {
        this.registry = registry;
        this.limits = limits;
        this.progress = progress;
    }

    public Result run(TrainingOptions options, FolderDataset train, FolderDataset test, Path datasetRoot) {
        ModelMetadata random = trainer(options).train(train, test, null);
        FolderDataset pooled = train.with(test, datasetRoot);
        List<Fold> folds = new ArrayList<>();
        for (String site : pooled.sites()) {
            List<LabeledImage> there = pooled.images().stream().filter(image -> image.site().equals(site)).toList();
            List<LabeledImage> elsewhere = pooled.images().stream().filter(image -> !image.site().equals(site)).toList();
            progress.printf("held out: %s (%d images), training on %d%n", site, there.size(), elsewhere.size());
            ModelMetadata model = trainer(options).train(new FolderDataset(datasetRoot, pooled.labels(), elsewhere),
                new FolderDataset(datasetRoot, pooled.labels(), there), null);
            folds.add(new Fold(site, there.size(), there.stream().map(LabeledImage::label).distinct().sorted().toList(),
                model.metric("macro_f1"), model.metric("accuracy")));
        }
        return new Result(options, random.metric("macro_f1"), random.metric("accuracy"), folds);
    }

    private Trainer trainer(TrainingOptions options) {
        return new Trainer(registry, options, limits, progress, false);
    }
}
