package org.trapstream.exchange;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where each camera stood when: the operators' deployments, written as the standard's own Camtrap DP
 * {@code deployments.csv} (so it validates like any package's), each row naming its camera in {@code cameraID}
 * (the camera id Trapstream's images carry). A deployment runs from {@code deploymentStart} to
 * {@code deploymentEnd}, both included.
 *
 * <p>The time zone of a capture time without offset (EXIF DateTimeOriginal) is the UTC offset the operator wrote
 * {@code deploymentStart} with: the standard requires an offset there, the operator sets the camera's clock at
 * that visit, and camera-trap clocks keep that offset for the whole deployment (they do not follow daylight
 * saving time). So a deployment's table carries its own zone, and no extra column (which the schema forbids) or
 * side file is needed.
 */
public final class Deployments {

    /** One row of the table: its id, camera, period and clock offset, and all its cells by column. */
    public record Deployment(String id, String cameraId, OffsetDateTime start, OffsetDateTime end,
                             double latitude, double longitude, Map<String, String> cells) {

        /** The offset of the camera's clock during this deployment. */
        public ZoneOffset clockOffset() {
            return start.getOffset();
        }

        boolean covers(Instant at) {
            return !at.isBefore(start.toInstant()) && !at.isAfter(end.toInstant());
        }
    }

    private static final DateTimeFormatter DATETIME = FieldType.formatter(null);
    private static final List<String> MISSING =
        TableSchema.fromJson(CamtrapDp.tableSchema(CamtrapDp.DEPLOYMENTS)).missingValues();

    private final List<String> columns;
    private final Map<String, List<Deployment>> byCamera;
    private final List<Deployment> all;

    private Deployments(List<String> columns, List<Deployment> all) {
        this.columns = columns;
        this.all = List.copyOf(all);
        this.byCamera = all.stream().collect(Collectors.groupingBy(Deployment::cameraId, LinkedHashMap::new,
            Collectors.toList()));
    }

    /**
     * Reads and checks the table: it must validate against the standard's schema, name a camera in every row, and
     * not give one camera two deployments at once. {@link IllegalArgumentException} lists what is wrong.
     */
    public static Deployments read(Path csv) {
        List<String> problems = new ArrayList<>(PackageValidator.validateTable(CamtrapDp.DEPLOYMENTS, csv).stream()
            .map(ValidationError::toString).toList());
        if (!problems.isEmpty()) {
            throw invalid(csv, problems);
        }
        List<List<String>> records;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            records = Csv.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the deployments " + csv, e);
        }
        List<String> columns = records.get(0);
        List<Deployment> deployments = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                cells.put(columns.get(c), records.get(i).get(c));
            }
            String camera = cells.get("cameraID");
            if (MISSING.contains(camera)) {
                problems.add("row " + (i + 1) + " field cameraID: the camera of the deployment is needed to map "
                    + "images to it");
                continue;
            }
            deployments.add(new Deployment(cells.get("deploymentID"), camera,
                OffsetDateTime.parse(cells.get("deploymentStart"), DATETIME),
                OffsetDateTime.parse(cells.get("deploymentEnd"), DATETIME),
                Double.parseDouble(cells.get("latitude")), Double.parseDouble(cells.get("longitude")), cells));
        }
        if (records.size() < 2) {
            problems.add("the table has no deployments");
        }
        problems.addAll(overlaps(deployments));
        if (!problems.isEmpty()) {
            throw invalid(csv, problems);
        }
        return new Deployments(columns, deployments);
    }

    private static List<String> overlaps(List<Deployment> deployments) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < deployments.size(); i++) {
            Deployment a = deployments.get(i);
            if (a.end().isBefore(a.start())) {
                problems.add("deployment " + a.id() + " ends before it starts");
            }
            for (Deployment b : deployments.subList(i + 1, deployments.size())) {
                if (a.cameraId().equals(b.cameraId()) && !a.end().isBefore(b.start()) && !b.end().isBefore(a.start())) {
                    problems.add("deployments " + a.id() + " and " + b.id() + " both have camera " + a.cameraId()
                        + " at once");
                }
            }
        }
        return problems;
    }

    private static IllegalArgumentException invalid(Path csv, List<String> problems) {
        return new IllegalArgumentException("The deployments " + csv + " are not usable:\n  "
            + String.join("\n  ", problems));
    }

    /** The deployment of the camera that covers this instant. */
    public Optional<Deployment> find(String cameraId, Instant at) {
        return byCamera.getOrDefault(cameraId, List.of()).stream().filter(d -> d.covers(at)).findFirst();
    }

    /** The deployment of the camera that covers this reading of its clock, in the deployment's own offset. */
    public Optional<Deployment> find(String cameraId, LocalDateTime clock) {
        return byCamera.getOrDefault(cameraId, List.of()).stream()
            .filter(d -> d.covers(clock.toInstant(d.clockOffset()))).findFirst();
    }

    /** The table's columns, in its order (the standard's). */
    public List<String> columns() {
        return columns;
    }

    /** Every deployment, in the table's order. */
    public List<Deployment> all() {
        return all;
    }
}
