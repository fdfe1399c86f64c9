package org.trapstream.bench;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;

/**
 * {@code ./bench decode}: what decoding a large camera-trap frame to an imported network's own input size
 * costs, and how far the input is from the exact one. For the Serengeti frames (2048x1536) and for 20 MP frames
 * made from them ({@link LargeFrames}), and for each target side, the paths of {@link DecodePath#all} are
 * measured in turn on one thread each, after a warm-up, for several rounds (the median is reported): wall
 * milliseconds per frame (median), CPU milliseconds per frame (of the measuring thread), and the mean and largest
 * absolute error per channel (0-255) against the reference, the exact decode (Pillow's pixels). Exit status 0 when
 * everything was measured, 1 when a stage failed or the Serengeti frames are missing, 2 for a wrong command line.
 */
public final class NativeResolutionDecode {

    private static final long STARTED = System.nanoTime();

    /** The frames of one size. */
    private record FrameSet(String name, List<DecodePath.Frame> frames) {}

    public static void main(String[] args) {
        BenchLauncher.main(args, NativeDecodeOptions.USAGE, NativeDecodeOptions::parse, "decode", (options, work) -> {
            NativeDecodeReport report = run(options);
            System.out.println();
            report.print(System.out);
            System.out.println("JSON result: " + report.write());
        });
    }

    private static NativeDecodeReport run(NativeDecodeOptions options) {
        List<Double> loads = new ArrayList<>(List.of(Machine.loadAverage()));
        ImageLimits limits = ImageLimits.defaults();
        List<byte[]> serengeti = ImageSet.serengeti(limits).orElseThrow(() -> new IllegalStateException("dataset "
            + ImageSet.SERENGETI + " not found under shared/datasets (or -Dtrapstream.shared)")).images();
        progress("making " + options.largeFrames() + " 20 MP frame(s)");
        List<FrameSet> sets = List.of(
            frames("Serengeti 2048x1536", serengeti, limits),
            frames("20 MP 5472x3648", LargeFrames.from(serengeti, options.largeFrames()), limits));
        List<DecodePath> paths = DecodePath.all(limits);
        List<NativeDecodeReport.Figures> figures = new ArrayList<>();
        for (FrameSet set : sets) {
            for (int side : options.targets()) {
                progress(set.name() + " to " + side + "x" + side);
                figures.addAll(measure(set, side, paths, options));
                loads.add(Machine.loadAverage());
            }
        }
        return new NativeDecodeReport(options, Machine.host(), loads, paths, figures);
    }

    /** The frames with their size; all are stored upright (EXIF orientation 1 or none), as the paths assume. */
    private static FrameSet frames(String name, List<byte[]> jpegs, ImageLimits limits) {
        return new FrameSet(name + " (" + jpegs.size() + ")", jpegs.stream().map(bytes -> {
            ImageInfo info = ImageProbe.probe(bytes, limits);
            return new DecodePath.Frame(bytes, info.width(), info.height());
        }).toList());
    }

    /** Errors first: decoding every frame once on every path also loads the natives and warms the JIT. */
    private static List<NativeDecodeReport.Figures> measure(FrameSet set, int side, List<DecodePath> paths,
                                                           NativeDecodeOptions options) {
        List<DecodePath.Frame> frames = set.frames();
        DecodePath reference = DecodePath.reference(paths);
        List<BufferedImage> references = frames.stream().map(frame -> reference.decode(frame, side)).toList();
        Map<String, List<PixelError>> errors = new HashMap<>();
        for (DecodePath path : paths) {
            errors.put(path.code(), IntStream.range(0, frames.size())
                .mapToObj(i -> PixelError.between(references.get(i), path.decode(frames.get(i), side))).toList());
        }
        Map<String, List<Timing.Rate>> rates = new HashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
            for (DecodePath path : paths) {
                rates.computeIfAbsent(path.code(), code -> new ArrayList<>()).add(Timing.repeat(path.code(), 1,
                    options.warmUp(), options.measure(), 1, n -> path.decode(frames.get((int) (n % frames.size())), side)));
            }
        }
        DecodePath.Frame first = frames.get(0);
        int reduction = OpenCvDecode.reduction(first.width(), first.height(), side, side);
        return paths.stream().map(path -> {
            List<PixelError> pathErrors = errors.get(path.code());
            List<Timing.Rate> measured = rates.get(path.code());
            return new NativeDecodeReport.Figures(set.name(), side, reduction, path.code(),
                median(measured, rate -> rate.perOperation().p50()), median(measured, Timing.Rate::cpuMsPerItem),
                pathErrors.stream().mapToDouble(PixelError::meanAbsolute).average().orElseThrow(),
                pathErrors.stream().mapToDouble(PixelError::meanAbsolute).max().orElseThrow(),
                pathErrors.stream().mapToInt(PixelError::largest).max().orElseThrow());
        }).toList();
    }

    private static double median(List<Timing.Rate> rates, ToDoubleFunction<Timing.Rate> figure) {
        double[] sorted = rates.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void progress(String stage) {
        System.out.printf("[%4.0f s] %s%n", (System.nanoTime() - STARTED) / 1e9, stage);
    }

    private NativeResolutionDecode() {
    }
}
