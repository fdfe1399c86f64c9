package org.trapstream.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;
import org.trapstream.common.contract.CameraId;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.exchange.Deployments;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

/**
 * Where and how one camera stood from {@code start} to {@code end} (both included; no end while it still stands),
 * and the time zone its clock keeps. Its JSON uses Camtrap DP's deployment field names, plus {@code timezone}
 * (an IANA zone such as {@code Africa/Dar_es_Salaam}, or a fixed offset such as {@code +03:00} for a clock that
 * ignores daylight saving time).
 *
 * @param cameraHeight metres above the ground, or null
 * @param comments     setup notes (Camtrap DP's {@code deploymentComments}), or null
 */
record Deployment(String id, String cameraId, String locationId, String locationName, double latitude,
                  double longitude, ZoneId timezone, OffsetDateTime start, OffsetDateTime end, String cameraModel,
                  Double cameraHeight, String comments) {

    /** Deployment ids name files and URLs: the characters of a camera id. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + ImageHeaders.TEXT_LIMIT + "}");
    private static final int NOTE_LIMIT = 1_000;

    Deployment {
        Objects.requireNonNull(id);
        Objects.requireNonNull(cameraId);
        Objects.requireNonNull(timezone);
        Objects.requireNonNull(start);
    }

    boolean covers(Instant at) {
        return !at.isBefore(start.toInstant()) && (end == null || !at.isAfter(end.toInstant()));
    }

    /** Whether both place the same camera in the same period. */
    boolean overlaps(Deployment other) {
        return cameraId.equals(other.cameraId)
            && (end == null || !end.isBefore(other.start))
            && (other.end == null || !other.end.isBefore(start));
    }

    /** The instant a reading of the camera's clock stands for, in this deployment's time zone. */
    Instant instantOf(LocalDateTime clock) {
        return clock.atZone(timezone).toInstant();
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
            .put("deploymentID", id)
            .put("cameraID", cameraId)
            .put("locationID", locationId)
            .put("locationName", locationName)
            .put("latitude", latitude)
            .put("longitude", longitude)
            .put("timezone", timezone.getId())
            .put("deploymentStart", ISO_OFFSET_DATE_TIME.format(start))
            .put("deploymentEnd", end == null ? null : ISO_OFFSET_DATE_TIME.format(end))
            .put("cameraModel", cameraModel)
            .put("cameraHeight", cameraHeight)
            .put("deploymentComments", comments);
        json.getMap().values().removeIf(Objects::isNull);
        return json;
    }

    /**
     * The deployment a JSON object describes, under {@code id} (a {@code deploymentID} in the object must agree).
     * Without {@code timezone}, the clock keeps the offset {@code deploymentStart} is written with.
     *
     * @throws IllegalArgumentException listing every problem found, in words an operator can act on
     */
    static Deployment fromJson(String id, JsonObject json) {
        Fields fields = new Fields(json);
        if (!ID.matcher(id).matches()) {
            fields.problems.add("deploymentID '" + clip(id) + "' must match " + ID.pattern());
        }
        String named = fields.text("deploymentID", false, ImageHeaders.TEXT_LIMIT);
        if (named != null && !named.equals(id)) {
            fields.problems.add("deploymentID '" + clip(named) + "' differs from the id in the path");
        }
        String cameraId = fields.text("cameraID", true, ImageHeaders.TEXT_LIMIT);
        if (cameraId != null && !CameraId.isValid(cameraId)) {
            fields.problems.add("cameraID '" + clip(cameraId) + "' does not match " + CameraId.RULE);
        }
        Double latitude = fields.number("latitude", true, -90, 90);
        Double longitude = fields.number("longitude", true, -180, 180);
        OffsetDateTime start = fields.time("deploymentStart", true);
        OffsetDateTime end = fields.time("deploymentEnd", false);
        if (start != null && end != null && end.isBefore(start)) {
            fields.problems.add("deploymentEnd is before deploymentStart");
        }
        String zone = fields.text("timezone", false, ImageHeaders.TEXT_LIMIT);
        ZoneId timezone = start == null ? null : start.getOffset();
        if (zone != null) {
            try {
                timezone = ZoneId.of(zone);
            } catch (DateTimeException e) {
                fields.problems.add("timezone '" + clip(zone) + "' is neither an IANA time zone (Europe/Brussels) "
                    + "nor a UTC offset (+02:00)");
            }
        }
        Double cameraHeight = fields.number("cameraHeight", false, 0, 1_000);
        String locationId = fields.text("locationID", false, NOTE_LIMIT);
        String locationName = fields.text("locationName", false, NOTE_LIMIT);
        String cameraModel = fields.text("cameraModel", false, NOTE_LIMIT);
        String comments = fields.text("deploymentComments", false, NOTE_LIMIT);
        for (String field : json.fieldNames()) {
            if (!Fields.KNOWN.contains(field)) {
                fields.problems.add("unknown field '" + clip(field) + "'");
            }
        }
        if (!fields.problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", fields.problems));
        }
        return new Deployment(id, cameraId, locationId, locationName, latitude, longitude, timezone, start, end,
            cameraModel, cameraHeight, comments);
    }

    /** A row of a Camtrap DP deployments table (already validated): its clock keeps deploymentStart's offset. */
    static Deployment fromTable(Deployments.Deployment row) {
        Map<String, String> cells = row.cells();
        String height = blankToNull(cells.get("cameraHeight"));
        return new Deployment(row.id(), row.cameraId(), blankToNull(cells.get("locationID")),
            blankToNull(cells.get("locationName")), row.latitude(), row.longitude(), row.clockOffset(), row.start(),
            row.end(), blankToNull(cells.get("cameraModel")), height == null ? null : Double.valueOf(height),
            blankToNull(cells.get("deploymentComments")));
    }

    private static String blankToNull(String cell) {
        return cell == null || cell.isBlank() ? null : cell;
    }

    private static String clip(String untrusted) {
        return untrusted.length() <= ImageHeaders.TEXT_LIMIT ? untrusted : untrusted.substring(0, ImageHeaders.TEXT_LIMIT) + "...";
    }

    /** Reads fields of an untrusted object, gathering every problem instead of stopping at the first. */
    private static final class Fields {
        static final List<String> KNOWN = List.of("deploymentID", "cameraID", "locationID", "locationName",
            "latitude", "longitude", "timezone", "deploymentStart", "deploymentEnd", "cameraModel", "cameraHeight",
            "deploymentComments");
        final JsonObject json;
        final List<String> problems = new ArrayList<>();

        Fields(JsonObject json) {
            this.json = json;
        }

        String text(String name, boolean required, int limit) {
            Object value = json.getValue(name);
            if (value == null) {
                if (required) {
                    problems.add(name + " is required");
                }
                return null;
            }
            if (!(value instanceof String text) || text.isBlank() || text.length() > limit) {
                problems.add(name + " must be non-empty text of at most " + limit + " characters");
                return null;
            }
            return text;
        }

        Double number(String name, boolean required, double min, double max) {
            Object value = json.getValue(name);
            if (value == null) {
                if (required) {
                    problems.add(name + " is required");
                }
                return null;
            }
            if (!(value instanceof Number number) || !(number.doubleValue() >= min && number.doubleValue() <= max)) {
                problems.add(name + " must be a number from " + min + " to " + max);
                return null;
            }
            return number.doubleValue();
        }

        OffsetDateTime time(String name, boolean required) {
            String text = text(name, required, ImageHeaders.TEXT_LIMIT);
            if (text == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeException e) {
                problems.add(name + " '" + clip(text) + "' is not an ISO-8601 date-time with offset, e.g. "
                    + "2024-05-01T06:30:00+02:00");
                return null;
            }
        }
    }
}
