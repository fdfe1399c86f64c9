package org.trapstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.trapstream.bench.training.BeeBaseline;
import org.trapstream.bench.training.TrainingBenchOptions;
import org.trapstream.common.contract.CaptureEvent;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Prediction.LabelScore;
import org.trapstream.events.EventSummary;
import org.trapstream.events.SequenceGrouper;
import org.trapstream.events.SequenceGrouper.Frame;
import org.trapstream.events.SequenceGrouper.Sequence;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.data.FolderDataset;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.testkit.SharedDatasets;

/**
 * {@code ./bench events}: what grouping frames into events buys and costs.
 * <ol>
 *   <li>Accuracy: the bee model of the training benchmark (its {@code --quick} version with {@code --quick}) scores
 *       the bee test split; the test images are cut into synthetic bursts (per class, shuffled, 3-10 consecutive
 *       images, 2 s apart, bursts 10 minutes apart on 5 cameras, each frame arriving up to 60 s late), grouped by the
 *       events role's own {@link SequenceGrouper} with the default settings, and each event labelled by
 *       {@link EventSummary} (mean probability) and, for comparison, by a majority of the frames' top labels.
 *       Repeated over 20 burst cuttings.</li>
 *   <li>Cost: the grouper alone on generated predictions of 1,000 interleaved cameras (one thread): records/s and
 *       CPU, for grouping alone and for what the role does per record (prediction JSON in, event JSON out).</li>
 * </ol>
 * Prints Markdown tables and writes {@code events-<time>.json} into the output folder.
 */
public final class EventsBenchmark {

    static final String USAGE = """
        Usage: ./bench events [--quick] [--out DIR]
          --quick    the bee model at 32 px for 1 epoch, 200,000 generated predictions instead of 1,000,000
          --out DIR  where the JSON result goes (default ./bench-results)
        Datasets: shared/datasets beside the checkout, or -Dtrapstream.shared=DIR (a folder holding datasets/).
        """;

    private static final SequenceGrouper.Settings DEFAULTS = new SequenceGrouper.Settings(
        Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofMinutes(5), 200);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final int CUTTINGS = 20;
    private static final int BURST_CAMERAS = 5;
    private static final int THROUGHPUT_CAMERAS = 1000;

    public static void main(String[] args) {
        BenchLauncher.main(args, USAGE, TrainingBenchOptions::parse, "events", (options, work) -> {
            Path bees = ImageSet.sharedDatasets()
                .orElseThrow(() -> new IllegalStateException("shared/datasets not found beside the checkout"))
                .resolve(SharedDatasets.HONEYBEE);
            JsonObject result = new JsonObject().put("machine", Machine.describe()).put("arguments", List.of(args));
            TrainingOptions training = options.training(options.headlineSize(), options.headlineEpochs(), 0,
                options.seed());
            BeeBaseline.Result bee = new BeeBaseline(new ModelRegistry(work.resolve("models")),
                ImageLimits.from(options.config()), System.out)
                .run(training, FolderDataset.scan(bees.resolve(FolderDataset.TRAIN_DIR)),
                    FolderDataset.scan(bees.resolve(FolderDataset.TEST_DIR)));
            result.put("bee", syntheticBursts(bee, options.seed())
                .put("model_version", bee.model().version())
                .put("image_size", training.imageSize())
                .put("epochs", training.epochs()));
            result.put("throughput", throughput(options.quick() ? 200_000 : 1_000_000, options.seed()));
            result.put("load_average_after", Machine.loadAverage());
            Path file = ResultFile.write(options.out(), "events", result);
            System.out.print(markdown(result));
            System.out.println("Results: " + file);
        });
    }

    /** Image-level and event-level accuracy of the bee test split cut into bursts, averaged over the cuttings. */
    static JsonObject syntheticBursts(BeeBaseline.Result bee, long seed) {
        List<String> labels = bee.model().labels();
        List<Prediction> frames = new ArrayList<>();
        for (int i = 0; i < bee.testTruths().size(); i++) {
            frames.add(prediction("bee-" + i, null, null, labels, bee.testProbabilities()[i]));
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        int events = 0;
        for (int cutting = 0; cutting < CUTTINGS; cutting++) {
            Random random = new Random(seed + cutting);
            Map<String, List<Integer>> byClass = new LinkedHashMap<>();
            for (int i = 0; i < frames.size(); i++) {
                byClass.computeIfAbsent(bee.testTruths().get(i), c -> new ArrayList<>()).add(i);
            }
            List<List<Integer>> bursts = new ArrayList<>();
            byClass.values().forEach(members -> {
                Collections.shuffle(members, random);
                for (int from = 0; from < members.size(); ) {
                    int size = Math.min(3 + random.nextInt(8), members.size() - from);
                    bursts.add(members.subList(from, from + size));
                    from += size;
                }
            });
            Collections.shuffle(bursts, random);
            List<Timed> stream = new ArrayList<>();
            Map<String, Instant> cameraClock = new HashMap<>();
            for (int b = 0; b < bursts.size(); b++) {
                String camera = "cam-" + (b % BURST_CAMERAS);
                Instant start = cameraClock.merge(camera, T0, (previous, unused) -> previous.plus(Duration.ofMinutes(10)));
                List<Integer> burst = bursts.get(b);
                for (int f = 0; f < burst.size(); f++) {
                    Prediction scored = frames.get(burst.get(f));
                    Instant capturedAt = start.plusSeconds(2L * f);
                    stream.add(new Timed(prediction(scored.imageId(), camera, capturedAt, scored.topK()),
                        capturedAt.plusMillis(random.nextInt(60_000))));
                }
            }
            stream.sort(Comparator.comparing(Timed::arrival));
            List<Sequence<Prediction>> sequences = group(stream.stream().map(Timed::prediction).toList());
            Map<String, String> truthOf = new HashMap<>();
            for (int i = 0; i < frames.size(); i++) {
                truthOf.put(frames.get(i).imageId(), bee.testTruths().get(i));
            }
            Score score = score(sequences, truthOf);
            events += sequences.size();
            sums.merge("image_accuracy", score.imageAccuracy(), Double::sum);
            sums.merge("event_accuracy_mean_probability", score.eventAccuracyMean(), Double::sum);
            sums.merge("event_accuracy_majority", score.eventAccuracyMajority(), Double::sum);
            sums.merge("frames_right_by_event_label", score.framesRightByEvent(), Double::sum);
            sums.merge("sequences_that_are_one_burst", (double) score.pureSequences() / sequences.size(), Double::sum);
            sums.merge("sequences_per_burst", (double) sequences.size() / bursts.size(), Double::sum);
        }
        JsonObject figures = new JsonObject().put("test_images", frames.size()).put("cuttings", CUTTINGS)
            .put("mean_events_per_cutting", (double) events / CUTTINGS);
        sums.forEach((key, sum) -> figures.put(key, sum / CUTTINGS));
        return figures;
    }

    private record Timed(Prediction prediction, Instant arrival) {}

    private record Score(double imageAccuracy, double eventAccuracyMean, double eventAccuracyMajority,
                         double framesRightByEvent, int pureSequences) {}

    private static Score score(List<Sequence<Prediction>> sequences, Map<String, String> truthOf) {
        int frames = 0;
        int framesRight = 0;
        int framesRightByEvent = 0;
        int eventsRightMean = 0;
        int eventsRightMajority = 0;
        int pure = 0;
        for (Sequence<Prediction> sequence : sequences) {
            List<String> truths = sequence.frames().stream().map(f -> truthOf.get(f.imageId())).toList();
            String truth = truths.get(0);
            pure += truths.stream().allMatch(truth::equals) ? 1 : 0;
            CaptureEvent event = EventSummary.of(sequence);
            eventsRightMean += truth.equals(event.label()) ? 1 : 0;
            eventsRightMajority += truth.equals(majority(sequence, event)) ? 1 : 0;
            for (int i = 0; i < truths.size(); i++) {
                frames++;
                framesRight += truths.get(i).equals(sequence.frames().get(i).item().label()) ? 1 : 0;
                framesRightByEvent += truths.get(i).equals(event.label()) ? 1 : 0;
            }
        }
        return new Score((double) framesRight / frames, (double) eventsRightMean / sequences.size(),
            (double) eventsRightMajority / sequences.size(), (double) framesRightByEvent / frames, pure);
    }

    /** The top label most frames give; a tie goes to the label the event's mean ranks higher. */
    private static String majority(Sequence<Prediction> sequence, CaptureEvent event) {
        Map<String, Integer> votes = new HashMap<>();
        sequence.frames().forEach(frame -> votes.merge(frame.item().label(), 1, Integer::sum));
        int most = Collections.max(votes.values());
        return event.topK().stream().map(LabelScore::label).filter(label -> votes.getOrDefault(label, 0) == most)
            .findFirst().orElseThrow();
    }

    private static List<Sequence<Prediction>> group(List<Prediction> arrivals) {
        SequenceGrouper<Prediction> grouper = new SequenceGrouper<>(DEFAULTS);
        List<Sequence<Prediction>> closed = new ArrayList<>();
        for (Prediction p : arrivals) {
            closed.addAll(grouper.add(p.cameraId(), new Frame<>(p.imageId(), p.capturedAt(), p), NOW).closed());
        }
        closed.addAll(grouper.closeIdle(NOW.plus(DEFAULTS.idleTimeout())));
        return closed;
    }

    /**
     * Records per second through the grouper on one thread: grouping alone (predictions as objects), and what the
     * role does per record (the prediction's JSON parsed, grouped, each closed event summarised and written as JSON).
     */
    static JsonObject throughput(int count, long seed) {
        List<Prediction> predictions = generated(count, seed);
        List<byte[]> json = predictions.stream().map(p -> p.toJson().toBuffer().getBytes()).toList();
        JsonObject figures = new JsonObject().put("predictions", count).put("cameras", THROUGHPUT_CAMERAS);
        for (boolean withJson : new boolean[] {false, true}) {
            run(predictions, json, withJson); // warm-up: the JIT compiles the same path first
            CpuUse before = CpuUse.now();
            long started = System.nanoTime();
            int events = run(predictions, json, withJson);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = CpuUse.now().processSecondsSince(before);
            figures.put(withJson ? "with_json" : "grouping_alone", new JsonObject()
                .put("events", events)
                .put("seconds", seconds)
                .put("records_per_second", count / seconds)
                .put("cpu_seconds", cpu)
                .put("cpu_microseconds_per_record", cpu * 1e6 / count));
        }
        return figures;
    }

    private static int run(List<Prediction> predictions, List<byte[]> json, boolean withJson) {
        SequenceGrouper<Prediction> grouper = new SequenceGrouper<>(DEFAULTS);
        int events = 0;
        long bytes = 0;
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = withJson ? Prediction.fromJson(new JsonObject(Buffer.buffer(json.get(i)))) : predictions.get(i);
            for (Sequence<Prediction> sequence : grouper.add(p.cameraId(), new Frame<>(p.imageId(), p.capturedAt(), p),
                NOW).closed()) {
                CaptureEvent event = EventSummary.of(sequence);
                bytes += withJson ? event.toJson().toBuffer().length() : event.frames().size();
                events++;
            }
        }
        if (bytes < 0) {
            throw new IllegalStateException("unreachable: keeps the event output from being optimised away");
        }
        return events + grouper.closeIdle(NOW.plus(DEFAULTS.idleTimeout())).size();
    }

    /** Bursts of 3-10 frames 1 s apart, 5-60 minutes between bursts, per camera; arrival up to 30 s late. */
    private static List<Prediction> generated(int count, long seed) {
        Random random = new Random(seed);
        List<String> labels = List.of("deer", "boar", "fox", "badger", "hare", "empty");
        Instant[] clock = new Instant[THROUGHPUT_CAMERAS];
        List<Timed> stream = new ArrayList<>(count);
        while (stream.size() < count) {
            int camera = random.nextInt(THROUGHPUT_CAMERAS);
            Instant start = clock[camera] == null ? T0.plusSeconds(random.nextInt(3600))
                : clock[camera].plusSeconds(300 + random.nextInt(3300));
            int size = 3 + random.nextInt(8);
            for (int f = 0; f < size && stream.size() < count; f++) {
                float[] probabilities = new float[labels.size()];
                float sum = 0;
                for (int l = 0; l < probabilities.length; l++) {
                    probabilities[l] = random.nextFloat();
                    sum += probabilities[l];
                }
                for (int l = 0; l < probabilities.length; l++) {
                    probabilities[l] /= sum;
                }
                Instant capturedAt = start.plusSeconds(f);
                stream.add(new Timed(prediction("gen-" + stream.size(), "cam-" + camera, capturedAt, labels,
                    probabilities), capturedAt.plusMillis(random.nextInt(30_000))));
                clock[camera] = capturedAt;
            }
        }
        stream.sort(Comparator.comparing(Timed::arrival));
        return stream.stream().map(Timed::prediction).toList();
    }

    private static Prediction prediction(String imageId, String camera, Instant capturedAt, List<String> labels,
                                         float[] probabilities) {
        List<LabelScore> scores = new ArrayList<>();
        for (int l = 0; l < labels.size(); l++) {
            scores.add(new LabelScore(labels.get(l), probabilities[l]));
        }
        scores.sort(Comparator.comparingDouble(LabelScore::confidence).reversed());
        return prediction(imageId, camera, capturedAt, scores);
    }

    private static Prediction prediction(String imageId, String camera, Instant capturedAt, List<LabelScore> topK) {
        return new Prediction(imageId, camera, capturedAt, "bench", topK.get(0).label(), topK.get(0).confidence(),
            topK, Double.NaN, false, false, Prediction.Review.none(), new Prediction.Timings(0, 0, 0, 0), NOW);
    }

    private static String markdown(JsonObject result) {
        JsonObject bee = result.getJsonObject("bee");
        JsonObject throughput = result.getJsonObject("throughput");
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "%nBee model %s (%d px, %d epochs), %d test images in synthetic bursts, mean of %d cuttings "
                + "(%.1f events each)%n%n", bee.getString("model_version"), bee.getInteger("image_size"),
            bee.getInteger("epochs"), bee.getInteger("test_images"), bee.getInteger("cuttings"),
            bee.getDouble("mean_events_per_cutting")));
        out.append("| image-level accuracy | event accuracy, mean probability | event accuracy, majority vote "
            + "| frames right by their event's label | sequences that are exactly one burst |\n|---|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| %.3f | %.3f | %.3f | %.3f | %.3f |%n%n",
            bee.getDouble("image_accuracy"), bee.getDouble("event_accuracy_mean_probability"),
            bee.getDouble("event_accuracy_majority"), bee.getDouble("frames_right_by_event_label"),
            bee.getDouble("sequences_that_are_one_burst")));
        out.append(String.format(Locale.ROOT, "Grouper, %d predictions of %d cameras, one thread:%n%n",
            throughput.getInteger("predictions"), throughput.getInteger("cameras")));
        out.append("| path | events | records/s | CPU µs/record |\n|---|---|---|---|\n");
        for (String path : List.of("grouping_alone", "with_json")) {
            JsonObject row = throughput.getJsonObject(path);
            out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f |%n", path, row.getInteger("events"),
                row.getDouble("records_per_second"), row.getDouble("cpu_microseconds_per_record")));
        }
        out.append(String.format(Locale.ROOT, "%nLoad average after: %.2f%n", result.getDouble("load_average_after")));
        return out.toString();
    }

    private EventsBenchmark() {
    }
}
