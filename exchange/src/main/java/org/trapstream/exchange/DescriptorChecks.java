package org.trapstream.exchange;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The package-level requirements of the Camtrap DP profile, and of the Frictionless Data Package it builds on, that
 * matter to a reader: required properties, their types, the enumerations, the three table resources and the
 * licenses. Written out rather than run through a JSON Schema engine, because the profile pulls in further
 * schemas by URL (Frictionless Data Package, GeoJSON) that would have to be downloaded; GeoJSON is checked for a
 * {@code type} only.
 */
final class DescriptorChecks {

    static final String DESCRIPTOR = "datapackage.json";

    private static final List<String> REQUIRED = List.of("resources", "profile", "created", "contributors", "project",
        "spatial", "temporal", "taxonomic");
    private static final Pattern PACKAGE_NAME = Pattern.compile("[-a-z0-9._/]+");
    private static final Pattern LANGUAGE_CODE = Pattern.compile("[a-z]{3}");
    private static final List<String> CONTRIBUTOR_ROLES = List.of("contact", "principalInvestigator", "rightsHolder",
        "publisher", "contributor");
    private static final List<String> LICENSE_SCOPES = List.of("data", "media");
    private static final List<String> SAMPLING_DESIGNS = List.of("simpleRandom", "systematicRandom", "clusteredRandom",
        "experimental", "targeted", "opportunistic");
    private static final List<String> CAPTURE_METHODS = List.of("activityDetection", "timeLapse");
    private static final List<String> OBSERVATION_LEVELS = List.of("media", "event");
    private static final List<String> TAXON_RANKS = List.of("kingdom", "phylum", "class", "order", "family", "genus",
        "species", "subspecies");
    private static final String TABULAR = "tabular-data-resource";

    private final Consumer<ValidationError> errors;

    private DescriptorChecks(Consumer<ValidationError> errors) {
        this.errors = errors;
    }

    static void check(JsonObject descriptor, Consumer<ValidationError> errors) {
        new DescriptorChecks(errors).all(descriptor);
    }

    private void all(JsonObject d) {
        REQUIRED.stream().filter(key -> d.getValue(key) == null)
            .forEach(key -> fail(key, "required", "the package must have '" + key + "'"));
        if (d.getValue("name") instanceof String name && !PACKAGE_NAME.matcher(name).matches()) {
            fail("name", "pattern", "'" + name + "' is not lower-case letters, digits, '-', '.', '_' and '/'");
        }
        if (d.getValue("profile") != null) {
            uri("profile", d.getValue("profile"));
        }
        if (d.getValue("created") != null) {
            dateTime("created", d.getValue("created"));
        }
        eachObject(d, "contributors", 1, (path, contributor) -> {
            if (!(contributor.getValue("title") instanceof String)) {
                fail(path + ".title", "required", "a contributor needs a title");
            }
            oneOf(path + ".role", contributor.getValue("role"), CONTRIBUTOR_ROLES, false);
        });
        eachObject(d, "licenses", 2, (path, license) -> {
            oneOf(path + ".scope", license.getValue("scope"), LICENSE_SCOPES, true);
            if (license.getValue("name") == null && license.getValue("path") == null) {
                fail(path, "required", "a license needs a name or a path");
            }
        });
        resources(d.getValue("resources"));
        project(d.getValue("project"));
        if (d.getValue("spatial") != null && !(d.getValue("spatial") instanceof JsonObject spatial
            && spatial.getValue("type") instanceof String)) {
            fail("spatial", "type", "must be a GeoJSON object with a 'type'");
        }
        temporal(d.getValue("temporal"));
        eachObject(d, "taxonomic", 0, (path, taxon) -> {
            if (!(taxon.getValue("scientificName") instanceof String)) {
                fail(path + ".scientificName", "required", "a taxon needs a scientificName");
            }
            oneOf(path + ".taxonRank", taxon.getValue("taxonRank"), TAXON_RANKS, false);
            if (taxon.getValue("vernacularNames") instanceof JsonObject names) {
                names.forEach(name -> {
                    if (!LANGUAGE_CODE.matcher(name.getKey()).matches() || !(name.getValue() instanceof String)) {
                        fail(path + ".vernacularNames." + name.getKey(), "pattern",
                            "vernacular names are text under a three-letter language code");
                    }
                });
            }
        });
        if (d.getValue("coordinatePrecision") != null && !(d.getValue("coordinatePrecision") instanceof Number)) {
            fail("coordinatePrecision", "type", "must be a number");
        }
        eachObject(d, "relatedIdentifiers", 0, (path, related) -> {
            for (String key : List.of("relationType", "relatedIdentifier", "relatedIdentifierType")) {
                if (!(related.getValue(key) instanceof String)) {
                    fail(path + "." + key, "required", "a related identifier needs " + key);
                }
            }
        });
    }

    private void resources(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof JsonArray resources)) {
            fail("resources", "type", "must be an array");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            String path = "resources[" + i + "]";
            if (!(resources.getValue(i) instanceof JsonObject resource)
                || !(resource.getValue("name") instanceof String name)) {
                fail(path + ".name", "required", "a resource needs a name");
                continue;
            }
            if (!names.add(name)) {
                fail(path + ".name", "unique", "two resources are named '" + name + "'");
            }
            if (CamtrapDp.TABLES.contains(name)) {
                tableResource(path, resource);
            }
        }
        CamtrapDp.TABLES.stream().filter(table -> !names.contains(table))
            .forEach(table -> fail("resources", "required", "the package must have the resource '" + table + "'"));
    }

    private void tableResource(String path, JsonObject resource) {
        if (!(resource.getValue("path") instanceof String)) {
            fail(path + ".path", "required", "a Camtrap DP table needs a path to one CSV file");
        }
        if (!TABULAR.equals(resource.getValue("profile"))) {
            fail(path + ".profile", "enum", "must be '" + TABULAR + "'");
        }
        Object schema = resource.getValue("schema");
        if (!(schema instanceof String url)) {
            fail(path + ".schema", "required", "must be the URL of a Camtrap DP " + CamtrapDp.VERSION + " table schema");
        } else if (!url.contains(CamtrapDp.VERSION)) {
            fail(path + ".schema", "pattern", "'" + url + "' is not a Camtrap DP " + CamtrapDp.VERSION + " schema");
        } else {
            uri(path + ".schema", url);
        }
    }

    private void project(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof JsonObject project)) {
            fail("project", "type", "must be an object");
            return;
        }
        for (String key : List.of("title", "samplingDesign", "captureMethod", "individualAnimals", "observationLevel")) {
            if (project.getValue(key) == null) {
                fail("project." + key, "required", "the project must have '" + key + "'");
            }
        }
        for (String key : List.of("id", "acronym", "title")) {
            if (project.getValue(key) != null && !(project.getValue(key) instanceof String)) {
                fail("project." + key, "type", "must be text");
            }
        }
        if (project.getValue("path") != null) {
            uri("project.path", project.getValue("path"));
        }
        oneOf("project.samplingDesign", project.getValue("samplingDesign"), SAMPLING_DESIGNS, false);
        listOf("project.captureMethod", project.getValue("captureMethod"), CAPTURE_METHODS, true);
        listOf("project.observationLevel", project.getValue("observationLevel"), OBSERVATION_LEVELS, false);
        if (project.getValue("individualAnimals") != null && !(project.getValue("individualAnimals") instanceof Boolean)) {
            fail("project.individualAnimals", "type", "must be true or false");
        }
    }

    private void temporal(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof JsonObject temporal)) {
            fail("temporal", "type", "must be an object with start and end");
            return;
        }
        for (String key : List.of("start", "end")) {
            Object date = temporal.getValue(key);
            if (date == null) {
                fail("temporal." + key, "required", "the temporal coverage needs '" + key + "'");
            } else {
                try {
                    LocalDate.parse(String.valueOf(date));
                } catch (DateTimeParseException e) {
                    fail("temporal." + key, "format", "'" + date + "' is not a date (YYYY-MM-DD)");
                }
            }
        }
    }

    private interface ItemCheck {
        void check(String path, JsonObject item);
    }

    /** An optional array of objects with at least {@code minItems} items (when present), each checked. */
    private void eachObject(JsonObject d, String key, int minItems, ItemCheck check) {
        Object value = d.getValue(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof JsonArray items)) {
            fail(key, "type", "must be an array");
            return;
        }
        if (items.size() < minItems) {
            fail(key, "minItems", "needs at least " + minItems + " items, has " + items.size());
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.getValue(i) instanceof JsonObject item) {
                check.check(key + "[" + i + "]", item);
            } else {
                fail(key + "[" + i + "]", "type", "must be an object");
            }
        }
    }

    private void oneOf(String path, Object value, List<String> allowed, boolean required) {
        if (value == null) {
            if (required) {
                fail(path, "required", "must be one of " + allowed);
            }
        } else if (!allowed.contains(value)) {
            fail(path, "enum", "'" + value + "' is not one of " + allowed);
        }
    }

    private void listOf(String path, Object value, List<String> allowed, boolean uniqueAndNonEmpty) {
        if (value == null) {
            return;
        }
        if (!(value instanceof JsonArray items)) {
            fail(path, "type", "must be an array of " + allowed);
            return;
        }
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            oneOf(path + "[" + i + "]", items.getValue(i), allowed, true);
            if (uniqueAndNonEmpty && seen.contains(items.getValue(i))) {
                fail(path + "[" + i + "]", "uniqueItems", "'" + items.getValue(i) + "' appears twice");
            }
            seen.add(items.getValue(i));
        }
        if (uniqueAndNonEmpty && items.isEmpty()) {
            fail(path, "minItems", "needs at least one item");
        }
    }

    private void uri(String path, Object value) {
        try {
            if (!(value instanceof String text) || !new URI(text).isAbsolute()) {
                fail(path, "format", "'" + value + "' is not an absolute URI");
            }
        } catch (URISyntaxException e) {
            fail(path, "format", "'" + value + "' is not a URI: " + e.getReason());
        }
    }

    private void dateTime(String path, Object value) {
        try {
            OffsetDateTime.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            fail(path, "format", "'" + value + "' is not a date-time with offset (RFC 3339)");
        }
    }

    private void fail(String field, String rule, String message) {
        errors.accept(new ValidationError(DESCRIPTOR, 0, field, rule, message));
    }
}
