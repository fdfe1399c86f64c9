package org.trapstream.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonObject;

/**
 * Camtrap DP {@value #VERSION}: the URLs its packages name its profile and table schemas by, and those files
 * themselves, bundled from the standard's release (MIT licensed, see the {@code LICENSE} beside them) so that
 * nothing is downloaded to validate or write a package.
 */
public final class CamtrapDp {

    public static final String VERSION = "1.0.2";
    public static final String BASE_URL = "https://raw.githubusercontent.com/tdwg/camtrap-dp/" + VERSION + "/";
    public static final String PROFILE_URL = BASE_URL + "camtrap-dp-profile.json";

    /** The three tables the standard defines, in the order their foreign keys point. */
    public static final String DEPLOYMENTS = "deployments";
    public static final String MEDIA = "media";
    public static final String OBSERVATIONS = "observations";
    public static final List<String> TABLES = List.of(DEPLOYMENTS, MEDIA, OBSERVATIONS);

    private static final String RESOURCES = "camtrap-dp-" + VERSION + "/";
    /** Read once: exporters ask for the columns of every row they write. */
    private static final Map<String, List<String>> COLUMNS = TABLES.stream().collect(Collectors.toUnmodifiableMap(
        table -> table, table -> tableSchema(table).getJsonArray("fields").stream()
            .map(field -> ((JsonObject) field).getString("name")).toList()));

    private CamtrapDp() {
    }

    /** The URL a package names a table's schema by. */
    public static String schemaUrl(String table) {
        return BASE_URL + table + "-table-schema.json";
    }

    /** The bundled file a URL of this version names, if it names one. */
    public static Optional<JsonObject> bundled(String url) {
        if (!url.startsWith(BASE_URL)) {
            return Optional.empty();
        }
        String name = url.substring(BASE_URL.length());
        boolean known = name.equals("camtrap-dp-profile.json")
            || TABLES.stream().anyMatch(table -> name.equals(table + "-table-schema.json"));
        if (!known) {
            return Optional.empty();
        }
        try (InputStream in = CamtrapDp.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The bundled Camtrap DP file " + name + " is missing from the build");
            }
            return Optional.of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled schema of one of the three tables. */
    public static JsonObject tableSchema(String table) {
        return bundled(schemaUrl(table)).orElseThrow(() -> new IllegalArgumentException("No Camtrap DP table " + table));
    }

    /** The field names of one of the three tables, in the order its CSV file has them. */
    public static List<String> columns(String table) {
        List<String> columns = COLUMNS.get(table);
        if (columns == null) {
            throw new IllegalArgumentException("No Camtrap DP table " + table);
        }
        return columns;
    }
}
