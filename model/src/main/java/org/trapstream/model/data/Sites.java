package org.trapstream.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each image of a folder dataset was taken. Accuracy falls at sites a model never saw (the backgrounds it
 * learned are not there), so evaluation and splits can group by site. The site comes from a {@code labels.csv}
 * beside the dataset: its {@code path} column, relative to the folder holding the file, and the first of its
 * {@code location}, {@code station}, {@code site} or {@code camera} columns (the names datasets use: camtrapR calls
 * a camera's place its station). An image it does not list, or a dataset without such a file or column, belongs
 * to the dataset folder itself (one site).
 */
public final class Sites {

    /** The file beside a dataset that names each image's site. */
    public static final String LABELS_FILE = "labels.csv";
    private static final String PATH_COLUMN = "path";
    /** Columns that name an image's site, in order of preference. */
    private static final List<String> SITE_COLUMNS = List.of("location", "station", "site", "camera");

    private final Path root;
    private final Map<Path, String> byFile;
    private final String fallback;

    private Sites(Path root, Map<Path, String> byFile, String fallback) {
        this.root = root;
        this.byFile = byFile;
        this.fallback = fallback;
    }

    /**
     * The sites of the images under {@code classesDir}: from a {@code labels.csv} in it, or in its parent when it
     * is a {@code train/} or {@code test/} part.
     */
    public static Sites near(Path classesDir) {
        Path dir = classesDir.toAbsolutePath().normalize();
        String name = String.valueOf(dir.getFileName());
        Path root = (name.equals(FolderDataset.TRAIN_DIR) || name.equals(FolderDataset.TEST_DIR))
            && dir.getParent() != null ? dir.getParent() : dir;
        for (Path candidate : List.of(dir, root)) {
            Path file = candidate.resolve(LABELS_FILE);
            if (Files.isRegularFile(file)) {
                return new Sites(candidate, read(file), String.valueOf(root.getFileName()));
            }
        }
        return new Sites(root, Map.of(), String.valueOf(root.getFileName()));
    }

    public String siteOf(Path image) {
        Path relative = root.relativize(image.toAbsolutePath().normalize());
        return byFile.getOrDefault(relative, fallback);
    }

    private static Map<Path, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            return Map.of();
        }
        List<String> header = fields(lines.get(0));
        int path = header.indexOf(PATH_COLUMN);
        int location = SITE_COLUMNS.stream().mapToInt(header::indexOf).filter(i -> i >= 0).findFirst().orElse(-1);
        if (path < 0 || location < 0) {
            return Map.of();
        }
        Map<Path, String> sites = new HashMap<>();
        for (int line = 1; line < lines.size(); line++) {
            if (lines.get(line).isBlank()) {
                continue;
            }
            List<String> row = fields(lines.get(line));
            if (row.size() <= Math.max(path, location)) {
                throw new IllegalArgumentException(file + " line " + (line + 1) + " has " + row.size()
                    + " fields, fewer than its header's " + header.size());
            }
            sites.put(Path.of(row.get(path)).normalize(), row.get(location));
        }
        return sites;
    }

    /** One CSV record (RFC 4180: quoted fields may hold commas, a doubled quote is a quote), on one line. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
