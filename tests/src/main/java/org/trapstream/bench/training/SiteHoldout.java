package org.trapstream.bench.training;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.data.LabeledImage;
import org.trapstream.model.eval.UnseenSiteScore;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;

/**
 * Figure 6: how the bee model does at a site it never saw. Each location of the bee set (the {@code location}
 * column of its {@code labels.csv}) is held out in turn: a model is trained, as {@code trapstream train} trains,
 * on the images of every other location and tested on that one's. Beside them, the same settings on the
 * dataset's own random train/test split, whose test photos come from the training sites. The gap is what a
 * model that learned the sites' backgrounds loses at a new camera. Figure 7 ({@link SiteMeasures}) trains its
 * folds here too.
 */
public final class SiteHoldout {

    /**
     * One location held out: its images, the classes it has, the scores there over every class that occurs there
     * as a truth or a prediction, and over the classes learnable elsewhere alone ({@link UnseenSiteScore}).
     */
    public record Fold(String site, int images, List<String> classes, double macroF1, double accuracy,
                       UnseenSiteScore learnable) {

        JsonObject toJson() {
            return new JsonObject().put("site", site).put("images", images).put("classes", new JsonArray(classes))
                .put("macro_f1", macroF1).put("accuracy", accuracy).put("learnable_elsewhere", learnable.toJson());
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

        /** The mean of {@link UnseenSiteScore} over the locations with a class learnable elsewhere. */
        public double meanLearnableMacroF1() {
            return UnseenSiteScore.mean(folds.stream().map(Fold::learnable).toList());
        }

        public JsonObject toJson() {
            return new JsonObject()
                .put("image_size", options.imageSize())
                .put("epochs", options.epochs())
                .put("random_split", new JsonObject().put("macro_f1", randomMacroF1).put("accuracy", randomAccuracy))
                .put("leave_one_location_out_mean_macro_f1", meanMacroF1())
                .put("leave_one_location_out_learnable_mean_macro_f1", meanLearnableMacroF1())
                .put("folds", new JsonArray(folds.stream().map(Fold::toJson).toList()));
        }

        String toMarkdown() {
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "### 6. Sites the model never saw: "
                + "leave-one-location-out (%d px, epochs %d)%n%n| held out | images | classes there | macro-F1 | "
                + "accuracy | macro-F1, classes learnable elsewhere | not learnable elsewhere |%n"
                + "|---|---|---|---|---|---|---|%n", options.imageSize(), options.epochs()));
            folds.forEach(fold -> md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %s | %s |%n",
                fold.site(), fold.images(), String.join(", ", fold.classes()), fold.macroF1(), fold.accuracy(),
                learnableCell(fold.learnable()), String.join(", ", fold.learnable().unlearnable()))));
            md.append(String.format(Locale.ROOT, "| **mean over locations** | | | **%.3f** | | **%.3f** |  |%n"
                    + "| random split (test photos from the training sites) | | | %.3f | %.3f | | |%n%n",
                meanMacroF1(), meanLearnableMacroF1(), randomMacroF1, randomAccuracy));
            md.append("Macro-F1 averages the classes that occur at the held-out location as a truth or a "
                + "prediction; most subspecies come from one location only, so at a held-out location the model "
                + "often has never seen a single photo of the class it must name there. The learnable-elsewhere "
                + "score averages only the classes there that the other locations have photos of, and its mean only "
                + "the locations that have such a class: the score figure 7 compares training measures by.\n\n");
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
        ModelMetadata random = randomSplit(options, train, test);
        List<Fold> folds = folds(options, train.with(test, datasetRoot), false);
        return new Result(options, random.metric("macro_f1"), random.metric("accuracy"), folds);
    }

    /** A model trained and tested on the dataset's own random split. */
    ModelMetadata randomSplit(TrainingOptions options, FolderDataset train, FolderDataset test) {
        return trainer(options).train(train, test, null);
    }

    /**
     * Each site of {@code pooled} held out in turn, in site order. With {@code learnableOnly}, a site none of whose
     * classes has an image elsewhere is not trained for: its fold only names its classes (scores NaN).
     */
    List<Fold> folds(TrainingOptions options, FolderDataset pooled, boolean learnableOnly) {
        List<Fold> folds = new ArrayList<>();
        for (String site : pooled.sites()) {
            List<LabeledImage> there = pooled.images().stream().filter(image -> image.site().equals(site)).toList();
            List<LabeledImage> elsewhere = pooled.images().stream().filter(image -> !image.site().equals(site)).toList();
            List<String> classes = there.stream().map(LabeledImage::label).distinct().sorted().toList();
            List<String> trained = elsewhere.stream().map(LabeledImage::label).distinct().toList();
            UnseenSiteScore untrained = UnseenSiteScore.of(site, Map.of(), classes, trained);
            if (learnableOnly && !untrained.counts()) {
                folds.add(new Fold(site, there.size(), classes, Double.NaN, Double.NaN, untrained));
                continue;
            }
            progress.printf("held out: %s (%d images), training on %d%n", site, there.size(), elsewhere.size());
            ModelMetadata model = trainer(options).train(new FolderDataset(pooled.source(), pooled.labels(), elsewhere),
                new FolderDataset(pooled.source(), pooled.labels(), there), null);
            folds.add(new Fold(site, there.size(), classes, model.metric("macro_f1"), model.metric("accuracy"),
                UnseenSiteScore.of(site, f1PerClass(model), classes, trained)));
        }
        return folds;
    }

    /** The F1 of each class in a version's test scores. */
    private static Map<String, Double> f1PerClass(ModelMetadata model) {
        JsonObject perClass = model.metrics().getJsonObject("per_class", new JsonObject());
        return perClass.fieldNames().stream().collect(Collectors.toMap(label -> label,
            label -> perClass.getJsonObject(label).getDouble("f1", 0.0)));
    }

    private static String learnableCell(UnseenSiteScore score) {
        return score.counts() ? String.format(Locale.ROOT, "%.3f (%s)", score.macroF1(), String.join(", ", score.scored()))
            : "–";
    }

    private Trainer trainer(TrainingOptions options) {
        return new Trainer(registry, options, limits, progress, false);
    }
}
