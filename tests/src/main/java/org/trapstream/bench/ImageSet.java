package org.trapstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;
import org.trapstream.image.ImageInfo;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageProbe;

/**
 * Real images from the shared datasets, read into memory once so that no stage measures the disk.
 *
 * @param info the first image's format and size, standing for the set (each set is uniform)
 */
record ImageSet(String name, List<byte[]> images, ImageInfo info) {

    static final String SERENGETI = "camera_trap_serengeti_sequence";
    static final String BEES = "honeybee_subspecies";
    private static final int APP1 = 0xE1;
    private static final int SOS = 0xDA;
    private static final int COM = 0xFE;

    /** The full-size Snapshot Serengeti frames (2048x1536 JPEG), if the dataset is there. */
    static Optional<ImageSet> serengeti(ImageLimits limits) {
        return load(SERENGETI, "images", Integer.MAX_VALUE, limits);
    }

    /** The first {@code limit} bee photos of the test split (about 100x100 JPEG), if the dataset is there. */
    static Optional<ImageSet> bees(int limit, ImageLimits limits) {
        return load(BEES, "test", limit, limits);
    }

    /**
     * The same images without their EXIF segment, hence without the embedded thumbnail: what a camera that
     * writes no thumbnail sends, decoded from the full frame.
     */
    ImageSet withoutExif() {
        return new ImageSet(name + " without EXIF", images.stream().map(ImageSet::stripExif).toList(), info);
    }

    long averageBytes() {
        return images.stream().mapToLong(b -> b.length).sum() / images.size();
    }

    JsonObject toJson() {
        return new JsonObject().put("name", name).put("images", images.size()).put("format", info.format().code())
            .put("width", info.width()).put("height", info.height()).put("average_bytes", averageBytes());
    }

    private static Optional<ImageSet> load(String dataset, String folder, int limit, ImageLimits limits) {
        Optional<Path> dir = sharedDatasets().map(d -> d.resolve(dataset).resolve(folder)).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir.get())) {
            List<byte[]> images = new ArrayList<>();
            for (Path file : files.filter(ImageSet::isJpeg).sorted().limit(limit).toList()) {
                images.add(Files.readAllBytes(file));
            }
            return images.isEmpty() ? Optional.empty()
                : Optional.of(new ImageSet(dataset, List.copyOf(images), ImageProbe.probe(images.get(0), limits)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir.get(), e);
        }
    }

    /** The JPEG without its APP1 "Exif" segments (marker segments up to the first scan are walked). */
    static byte[] stripExif(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        out.write(jpeg, 0, 2);
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF && (jpeg[pos + 1] & 0xFF) != SOS) {
            int end = pos + 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
            boolean exif = (jpeg[pos + 1] & 0xFF) == APP1 && end - pos > 10
                && new String(jpeg, pos + 4, 4, StandardCharsets.ISO_8859_1).equals("Exif");
            if (!exif) {
                out.write(jpeg, pos, end - pos);
            }
            pos = end;
        }
        out.write(jpeg, pos, jpeg.length - pos);
        return out.toByteArray();
    }

    /**
     * The JPEG with a comment (COM) segment just before its first scan: another file, hence another image id, that
     * decodes to the same pixels and keeps its EXIF thumbnail where readers look for it.
     */
    static byte[] withComment(byte[] jpeg, String comment) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF && (jpeg[pos + 1] & 0xFF) != SOS) {
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + text.length + 4);
        out.write(jpeg, 0, pos);
        out.write(0xFF);
        out.write(COM);
        out.write((text.length + 2) >> 8);
        out.write((text.length + 2) & 0xFF);
        out.write(text, 0, text.length);
        out.write(jpeg, pos, jpeg.length - pos);
        return out.toByteArray();
    }

    private static boolean isJpeg(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    /**
     * {@code shared/datasets} beside the checkout: the system property {@code trapstream.shared} (a directory
     * holding {@code datasets/}), else the first {@code shared/datasets} or {@code ../shared/datasets} found
     * walking up from the working directory.
     */
    static Optional<Path> sharedDatasets() {
        String override = System.getProperty("trapstream.shared");
        if (override != null) {
            return Optional.of(Path.of(override).resolve("datasets")).filter(Files::isDirectory);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/datasets"), dir.resolveSibling("shared/datasets"))) {
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
