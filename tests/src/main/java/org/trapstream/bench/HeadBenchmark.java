package org.trapstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.trapstream.serving.Backend;
import org.trapstream.trainer.training.HeadFit;

/**
 * {@code ./bench head}: what retraining a head on an imported backbone costs once the features are cached, against
 * the number of labels. Feature vectors are synthetic (ResNet-50's 2048 pooled features; each class a Gaussian
 * cloud around its own mean), because only their count and width set the cost of fitting the head; a backbone
 * pass per image is what the cache saves (ResNet-50 on this CPU: the engine figures in BENCHMARKS.md).
 */
public final class HeadBenchmark {

    static final String USAGE = """
        Usage: ./bench head [--labels N,N,...] [--features F] [--classes K]
          --labels    label counts to fit (default 1000,2500,5000,10000)
          --features  feature vector width (default 2048, ResNet-50's pooled features)
          --classes   classes (default 10)
        """;

    record Options(List<Integer> labels, int features, int classes) {
        static Options parse(List<String> args) {
            List<Integer> labels = List.of(1000, 2500, 5000, 10000);
            int features = 2048;
            int classes = 10;
            for (int i = 0; i < args.size(); i += 2) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(args.get(i) + " needs a value");
                }
                String value = args.get(i + 1);
                try {
                    switch (args.get(i)) {
                        case "--labels" -> labels = List.of(value.split(",")).stream().map(Integer::parseInt).toList();
                        case "--features" -> features = Integer.parseInt(value);
                        case "--classes" -> classes = Integer.parseInt(value);
                        default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(args.get(i) + " needs whole numbers, got " + value);
                }
            }
            return new Options(labels, features, classes);
        }
    }

    public static void main(String[] args) {
        BenchLauncher.main(args, USAGE, Options::parse, "head", (options, work) -> {
            Backend.init();
            System.out.printf("%s; %d features, %d classes, 80/20 train/validation, early stopping (patience %d)%n",
                Machine.describe().encode(), options.features(), options.classes(), HeadFit.PATIENCE);
            System.out.println("| labels | epochs run | best epoch | fit seconds | seconds per epoch | CPU seconds | validation accuracy |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (int labels : options.labels()) {
                measure(options, labels);
            }
        });
    }

    private static void measure(Options options, int labels) {
        Random random = new Random(labels);
        float[][] means = new float[options.classes()][options.features()];
        for (float[] mean : means) {
            for (int f = 0; f < mean.length; f++) {
                mean[f] = (float) Math.abs(random.nextGaussian());
            }
        }
        int validation = labels / 5;
        List<float[]> vectors = new ArrayList<>(labels);
        int[] truth = new int[labels];
        for (int i = 0; i < labels; i++) {
            truth[i] = i % options.classes();
            float[] vector = new float[options.features()];
            for (int f = 0; f < vector.length; f++) {
                vector[f] = Math.max(0, means[truth[i]][f] + (float) (1.5 * random.nextGaussian()));
            }
            vectors.add(vector);
        }
        float[][] train = vectors.subList(validation, labels).toArray(float[][]::new);
        float[][] held = vectors.subList(0, validation).toArray(float[][]::new);
        int[] trainTruth = Arrays.copyOfRange(truth, validation, labels);
        int[] heldTruth = Arrays.copyOfRange(truth, 0, validation);
        CpuUse before = CpuUse.now();
        HeadFit.Head head = HeadFit.fit(train, trainTruth, held, heldTruth, options.classes(), 1e-3, labels, () -> false);
        CpuUse after = CpuUse.now();
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        int epochs = head.history().size();
        double accuracy = head.history().getJsonObject(head.bestEpoch() - 1).getDouble("val_accuracy");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.3f | %.1f | %.3f |%n", labels, epochs,
            head.bestEpoch(), seconds, seconds / epochs, after.processSecondsSince(before), accuracy);
    }

    private HeadBenchmark() {
    }
}
