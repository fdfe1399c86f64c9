package org.trapstream.exchange;

import java.util.List;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Frictionless Table Schema as Camtrap DP uses it: the fields in order, the cells that mean "no value", the
 * primary key and the foreign keys.
 */
record TableSchema(List<Field> fields, List<String> missingValues, List<String> primaryKey,
                   List<ForeignKey> foreignKeys) {

    /** One column: its type (and datetime format) and constraints; null where a constraint is absent. */
    record Field(String name, FieldType type, String format, boolean required, boolean unique, List<String> allowed,
                 Double minimum, Double maximum, Pattern pattern) {
    }

    /** Values of {@code fields} must appear among the values of {@code referencedFields} of {@code resource}. */
    record ForeignKey(List<String> fields, String resource, List<String> referencedFields) {
    }

    static TableSchema fromJson(JsonObject json) {
        List<Field> fields = json.getJsonArray("fields", new JsonArray()).stream()
            .map(o -> field((JsonObject) o)).toList();
        List<String> missing = json.containsKey("missingValues") ? strings(json.getValue("missingValues"))
            : List.of("");
        List<ForeignKey> foreignKeys = json.getJsonArray("foreignKeys", new JsonArray()).stream()
            .map(o -> {
                JsonObject key = (JsonObject) o;
                JsonObject reference = key.getJsonObject("reference");
                return new ForeignKey(strings(key.getValue("fields")), reference.getString("resource", ""),
                    strings(reference.getValue("fields")));
            })
            .toList();
        return new TableSchema(fields, missing, strings(json.getValue("primaryKey")), foreignKeys);
    }

    private static Field field(JsonObject json) {
        JsonObject constraints = json.getJsonObject("constraints", new JsonObject());
        String pattern = constraints.getString("pattern");
        return new Field(json.getString("name"), FieldType.of(json.getString("type", "string")),
            json.getString("format"), constraints.getBoolean("required", false),
            constraints.getBoolean("unique", false),
            constraints.containsKey("enum") ? strings(constraints.getValue("enum")) : null,
            number(constraints, "minimum"), number(constraints, "maximum"),
            // Frictionless patterns match the whole value.
            pattern == null ? null : Pattern.compile(pattern));
    }

    private static Double number(JsonObject constraints, String name) {
        Number value = constraints.getNumber(name);
        return value == null ? null : value.doubleValue();
    }

    /** A key or list given as one string or as an array of them; absent is empty. */
    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof JsonArray array) {
            return array.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
