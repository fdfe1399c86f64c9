package org.trapstream.exchange;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Validates a Camtrap DP package on disk: its {@code datapackage.json} against the profile's package-level
 * requirements ({@link DescriptorChecks}), and each table resource's CSV file against its Frictionless Table
 * Schema: the header's field names and order, each cell's type (datetimes in the schema's format), the
 * {@code required}, {@code unique}, {@code enum}, {@code minimum}, {@code maximum} and {@code pattern}
 * constraints with the schema's {@code missingValues}, the primary key, and foreign keys across tables.
 *
 * <p>A resource's schema is read from the bundled Camtrap DP {@value CamtrapDp#VERSION} files when it names one
 * of their URLs, from a file inside the package when it is a relative path, or inline; any other URL is an error,
 * for nothing is downloaded. Every error is collected, none stops the others, so one run lists them all.
 */
public final class PackageValidator {

    /** A table as read: its schema and its rows (CSV record number and cells by field name, null when missing). */
    private record Table(String file, TableSchema schema, Map<Integer, Map<String, String>> rows) {
    }

    private final Path dir;
    private final List<ValidationError> errors = new ArrayList<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();

    private PackageValidator(Path dir) {
        this.dir = dir;
    }

    /** Every error in the package in {@code dir}; empty when it is valid. */
    public static List<ValidationError> validate(Path dir) {
        PackageValidator validator = new PackageValidator(dir);
        validator.run();
        return List.copyOf(validator.errors);
    }

    /**
     * Every error in one CSV file of one of the standard's tables (see {@link CamtrapDp#TABLES}), alone: its foreign
     * keys are left out, for the tables they point at are not there.
     */
    public static List<ValidationError> validateTable(String table, Path csv) {
        PackageValidator validator = new PackageValidator(csv.toAbsolutePath().getParent());
        validator.readTable(table, csv.getFileName().toString(), TableSchema.fromJson(CamtrapDp.tableSchema(table)));
        return List.copyOf(validator.errors);
    }

    private void run() {
        JsonObject descriptor;
        try {
            descriptor = new JsonObject(Files.readString(dir.resolve(DescriptorChecks.DESCRIPTOR)));
        } catch (IOException | DecodeException e) {
            fail(DescriptorChecks.DESCRIPTOR, 0, "", "descriptor", "cannot read it as a JSON object: " + e.getMessage());
            return;
        }
        DescriptorChecks.check(descriptor, errors::add);
        if (descriptor.getValue("resources") instanceof JsonArray resources) {
            resources.stream()
                .filter(r -> r instanceof JsonObject resource && resource.getValue("path") instanceof String
                    && resource.getValue("schema") != null && resource.getValue("name") instanceof String)
                .forEach(r -> readTable((JsonObject) r));
        }
        tables.values().forEach(this::checkForeignKeys);
    }

    private void readTable(JsonObject resource) {
        String file = resource.getString("path");
        TableSchema schema;
        try {
            schema = TableSchema.fromJson(schemaOf(resource.getValue("schema")));
        } catch (RuntimeException e) {
            fail(file, 0, "", "schema", e.getMessage());
            return;
        }
        readTable(resource.getString("name"), file, schema);
    }

    private void readTable(String name, String file, TableSchema schema) {
        Path path = insidePackage(file);
        if (path == null) {
            fail(file, 0, "", "path", "a table's path must be relative and stay inside the package");
            return;
        }
        List<List<String>> records;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            records = Csv.read(in);
        } catch (IOException e) {
            fail(file, 0, "", "path", "cannot read the table: " + e.getMessage());
            return;
        }
        if (records.isEmpty()) {
            fail(file, 1, "", "header", "the table has no header");
            return;
        }
        Table table = new Table(file, schema, new LinkedHashMap<>());
        List<String> header = records.get(0);
        checkHeader(table, header);
        Map<String, Map<Object, Integer>> seen = new HashMap<>();
        Map<List<String>, Integer> primaryKeys = new HashMap<>();
        for (int i = 1; i < records.size(); i++) {
            int row = i + 1;
            List<String> cells = records.get(i);
            if (cells.size() != header.size()) {
                fail(file, row, "", "row-width", "has " + cells.size() + " cells, the header " + header.size());
            }
            Map<String, String> values = new HashMap<>();
            for (int column = 0; column < Math.min(cells.size(), header.size()); column++) {
                String cell = cells.get(column);
                values.put(header.get(column), schema.missingValues().contains(cell) ? null : cell);
            }
            for (TableSchema.Field field : schema.fields()) {
                if (header.contains(field.name())) {
                    checkCell(table, row, field, values.get(field.name()), seen);
                }
            }
            checkPrimaryKey(table, row, values, primaryKeys);
            table.rows().put(row, values);
        }
        tables.put(name, table);
    }

    private JsonObject schemaOf(Object schema) throws IllegalArgumentException {
        if (schema instanceof JsonObject inline) {
            return inline;
        }
        String reference = String.valueOf(schema);
        if (reference.contains("://")) {
            return CamtrapDp.bundled(reference).orElseThrow(() -> new IllegalArgumentException("cannot resolve "
                + reference + ": only the bundled Camtrap DP " + CamtrapDp.VERSION + " schemas and files inside "
                + "the package are read, nothing is downloaded"));
        }
        Path path = insidePackage(reference);
        if (path == null) {
            throw new IllegalArgumentException("the schema path " + reference + " leaves the package");
        }
        try {
            return new JsonObject(Files.readString(path));
        } catch (IOException | DecodeException e) {
            throw new IllegalArgumentException("cannot read the schema " + reference + ": " + e.getMessage());
        }
    }

    private Path insidePackage(String relative) {
        try {
            Path path = dir.resolve(relative).normalize();
            return !Path.of(relative).isAbsolute() && path.startsWith(dir.normalize()) ? path : null;
        } catch (RuntimeException e) { // an invalid path for this file system
            return null;
        }
    }

    private void checkHeader(Table table, List<String> header) {
        List<String> expected = table.schema().fields().stream().map(TableSchema.Field::name).toList();
        if (header.equals(expected)) {
            return;
        }
        for (String name : expected) {
            if (!header.contains(name)) {
                fail(table.file(), 1, name, "missing-field", "the header lacks the schema's field " + name);
            }
        }
        for (String name : header) {
            if (!expected.contains(name)) {
                fail(table.file(), 1, name, "extra-field", "the schema has no field " + name);
            }
        }
        List<String> common = header.stream().filter(expected::contains).toList();
        if (!common.equals(expected.stream().filter(header::contains).toList())) {
            fail(table.file(), 1, "", "field-order", "the fields must be in the schema's order: " + expected);
        }
    }

    private void checkCell(Table table, int row, TableSchema.Field field, String cell,
                           Map<String, Map<Object, Integer>> seen) {
        String file = table.file();
        if (cell == null) {
            if (field.required()) {
                fail(file, row, field.name(), "required", "a value is required");
            }
            return;
        }
        Comparable<?> value;
        try {
            value = field.type().read(cell, field.format());
        } catch (IllegalArgumentException e) {
            fail(file, row, field.name(), "type", "'" + cell + "' is " + e.getMessage());
            return;
        }
        if (field.allowed() != null && !field.allowed().contains(cell)) {
            fail(file, row, field.name(), "enum", "'" + cell + "' is not one of " + field.allowed());
        }
        if (value instanceof Double number) {
            if (field.minimum() != null && number < field.minimum()) {
                fail(file, row, field.name(), "minimum", cell + " is below the minimum " + plain(field.minimum()));
            }
            if (field.maximum() != null && number > field.maximum()) {
                fail(file, row, field.name(), "maximum", cell + " is above the maximum " + plain(field.maximum()));
            }
        }
        if (field.pattern() != null && !field.pattern().matcher(cell).matches()) {
            fail(file, row, field.name(), "pattern", "'" + cell + "' does not match " + field.pattern().pattern());
        }
        if (field.unique()) {
            Integer first = seen.computeIfAbsent(field.name(), name -> new HashMap<>()).putIfAbsent(value, row);
            if (first != null) {
                fail(file, row, field.name(), "unique", "'" + cell + "' is already in row " + first);
            }
        }
    }

    private void checkPrimaryKey(Table table, int row, Map<String, String> values,
                                 Map<List<String>, Integer> primaryKeys) {
        List<String> key = table.schema().primaryKey();
        if (key.isEmpty()) {
            return;
        }
        List<String> value = key.stream().map(values::get).toList();
        if (value.contains(null)) {
            fail(table.file(), row, String.join(",", key), "primary-key", "the primary key needs a value");
            return;
        }
        Integer first = primaryKeys.putIfAbsent(value, row);
        if (first != null) {
            fail(table.file(), row, String.join(",", key), "primary-key",
                "the key " + String.join(",", value) + " is already in row " + first);
        }
    }

    private void checkForeignKeys(Table table) {
        for (TableSchema.ForeignKey foreignKey : table.schema().foreignKeys()) {
            String fields = String.join(",", foreignKey.fields());
            Table target = foreignKey.resource().isEmpty() ? table : tables.get(foreignKey.resource());
            if (target == null) {
                fail(table.file(), 0, fields, "foreign-key", "the referenced resource '" + foreignKey.resource()
                    + "' is not in the package or could not be read");
                continue;
            }
            Set<List<String>> known = new HashSet<>();
            target.rows().values()
                .forEach(row -> known.add(foreignKey.referencedFields().stream().map(row::get).toList()));
            table.rows().forEach((row, values) -> {
                List<String> value = foreignKey.fields().stream().map(values::get).toList();
                if (!value.contains(null) && !known.contains(value)) {
                    fail(table.file(), row, fields, "foreign-key", String.join(",", value) + " is not a "
                        + String.join(",", foreignKey.referencedFields()) + " of " + target.file());
                }
            });
        }
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }

    private void fail(String table, int row, String field, String rule, String message) {
        errors.add(new ValidationError(table, row, field, rule, message));
    }
}
