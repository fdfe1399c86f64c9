package org.trapstream.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.testkit.SharedDatasets;

/**
 * The standard's own example package is valid; copies of it broken one way each are invalid with exactly the error
 * that names the table, row, field and rule.
 */
class PackageValidatorTest {

    @TempDir
    Path pkg;

    @BeforeEach
    void copyTheExample() throws IOException {
        Path example = SharedDatasets.requireBeside("schemas/camtrap-dp-1.0.2").resolve("example");
        for (String file : List.of("datapackage.json", "deployments.csv", "media.csv", "observations.csv")) {
            Files.copy(example.resolve(file), pkg.resolve(file));
        }
    }

    @Test
    void theOfficialExampleIsValid() {
        assertEquals(List.of(), PackageValidator.validate(pkg));
    }

    @Test
    void aMissingRequiredValue() throws IOException {
        edit("media.csv", 2, "timestamp", "");
        assertOnly("media.csv", 2, "timestamp", "required");
    }

    @Test
    void aMissingValueMarkerCountsAsMissing() throws IOException {
        edit("deployments.csv", 3, "latitude", "NA");
        assertOnly("deployments.csv", 3, "latitude", "required");
    }

    @Test
    void aValueOutsideTheEnum() throws IOException {
        edit("observations.csv", 4, "observationType", "dragon");
        assertOnly("observations.csv", 4, "observationType", "enum");
    }

    @Test
    void aDatetimeNotInTheSchemasFormat() throws IOException {
        edit("deployments.csv", 2, "deploymentStart", "2020-05-30 04:57:37");
        assertOnly("deployments.csv", 2, "deploymentStart", "type");
    }

    @Test
    void aDatetimeWithoutOffset() throws IOException {
        edit("media.csv", 5, "timestamp", "2020-05-30T04:57:41");
        assertOnly("media.csv", 5, "timestamp", "type");
    }

    @Test
    void anImpossibleDate() throws IOException {
        edit("observations.csv", 2, "eventStart", "2020-02-30T02:57:37Z");
        assertOnly("observations.csv", 2, "eventStart", "type");
    }

    @Test
    void aNumberAboveItsMaximum() throws IOException {
        edit("deployments.csv", 2, "latitude", "95.5");
        assertOnly("deployments.csv", 2, "latitude", "maximum");
    }

    @Test
    void anIntegerThatIsNot() throws IOException {
        edit("deployments.csv", 2, "cameraDelay", "1.5");
        assertOnly("deployments.csv", 2, "cameraDelay", "type");
    }

    @Test
    void aBooleanThatIsNot() throws IOException {
        edit("media.csv", 2, "filePublic", "yes");
        assertOnly("media.csv", 2, "filePublic", "type");
    }

    @Test
    void aDuplicatePrimaryKey() throws IOException {
        String first = cell("media.csv", 2, "mediaID");
        String second = cell("media.csv", 3, "mediaID");
        edit("media.csv", 3, "mediaID", first);
        // The observations of the second medium now point at nothing.
        List<Integer> orphans = rowsWith("observations.csv", "mediaID", second);
        List<ValidationError> errors = PackageValidator.validate(pkg);
        List<String> expected = new ArrayList<>(List.of(key("media.csv", 3, "mediaID", "unique"),
            key("media.csv", 3, "mediaID", "primary-key")));
        orphans.forEach(row -> expected.add(key("observations.csv", row, "mediaID", "foreign-key")));
        assertEquals(expected, errors.stream().map(PackageValidatorTest::key).toList(), errors.toString());
    }

    @Test
    void aDanglingForeignKey() throws IOException {
        edit("observations.csv", 3, "mediaID", "no-such-medium");
        assertOnly("observations.csv", 3, "mediaID", "foreign-key");
    }

    @Test
    void aDeploymentOfNoDeployment() throws IOException {
        edit("media.csv", 7, "deploymentID", "elsewhere");
        assertOnly("media.csv", 7, "deploymentID", "foreign-key");
    }

    @Test
    void aPathThatLeavesThePackage() throws IOException {
        edit("media.csv", 2, "filePath", "media/../../etc/passwd");
        assertOnly("media.csv", 2, "filePath", "pattern");
    }

    @Test
    void aMediatypeThatIsNoMedia() throws IOException {
        edit("media.csv", 2, "fileMediatype", "text/plain");
        assertOnly("media.csv", 2, "fileMediatype", "pattern");
    }

    @Test
    void columnsOutOfOrder() throws IOException {
        List<List<String>> rows = read("deployments.csv");
        rows.forEach(row -> row.add(0, row.remove(1)));
        write("deployments.csv", rows);
        assertOnly("deployments.csv", 1, "", "field-order");
    }

    @Test
    void aRowOfTheWrongWidth() throws IOException {
        List<List<String>> rows = read("deployments.csv");
        rows.get(2).add("surplus");
        write("deployments.csv", rows);
        assertOnly("deployments.csv", 3, "", "row-width");
    }

    @Test
    void aProjectWithoutSamplingDesign() throws IOException {
        JsonObject descriptor = descriptor();
        descriptor.getJsonObject("project").remove("samplingDesign");
        Files.writeString(pkg.resolve("datapackage.json"), descriptor.encodePrettily());
        assertOnly("datapackage.json", 0, "project.samplingDesign", "required");
    }

    @Test
    void aLicenseOfNoScope() throws IOException {
        JsonObject descriptor = descriptor();
        descriptor.getJsonArray("licenses").getJsonObject(1).put("scope", "everything");
        Files.writeString(pkg.resolve("datapackage.json"), descriptor.encodePrettily());
        assertOnly("datapackage.json", 0, "licenses[1].scope", "enum");
    }

    @Test
    void aSchemaThatWouldHaveToBeDownloaded() throws IOException {
        JsonObject descriptor = descriptor();
        descriptor.getJsonArray("resources").getJsonObject(0)
            .put("schema", "https://example.org/1.0.2/deployments-table-schema.json");
        Files.writeString(pkg.resolve("datapackage.json"), descriptor.encodePrettily());
        List<ValidationError> errors = PackageValidator.validate(pkg);
        assertTrue(errors.stream().anyMatch(e -> e.table().equals("deployments.csv") && e.rule().equals("schema")
            && e.message().contains("nothing is downloaded")), errors.toString());
    }

    @Test
    void aMissingTableResource() throws IOException {
        JsonObject descriptor = descriptor();
        JsonArray resources = descriptor.getJsonArray("resources");
        resources.remove(2);
        Files.writeString(pkg.resolve("datapackage.json"), descriptor.encodePrettily());
        assertOnly("datapackage.json", 0, "resources", "required");
    }

    private void assertOnly(String table, int row, String field, String rule) {
        List<ValidationError> errors = PackageValidator.validate(pkg);
        assertEquals(List.of(key(table, row, field, rule)), errors.stream().map(PackageValidatorTest::key).toList(),
            errors.toString());
    }

    private static String key(ValidationError error) {
        return key(error.table(), (int) error.row(), error.field(), error.rule());
    }

    private static String key(String table, int row, String field, String rule) {
        return table + ":" + row + ":" + field + ":" + rule;
    }

    private JsonObject descriptor() throws IOException {
        return new JsonObject(Files.readString(pkg.resolve("datapackage.json")));
    }

    /** Row numbers count the header as row 1, as the validator's do. */
    private void edit(String table, int row, String field, String value) throws IOException {
        List<List<String>> rows = read(table);
        rows.get(row - 1).set(rows.get(0).indexOf(field), value);
        write(table, rows);
    }

    private String cell(String table, int row, String field) throws IOException {
        List<List<String>> rows = read(table);
        return rows.get(row - 1).get(rows.get(0).indexOf(field));
    }

    private List<Integer> rowsWith(String table, String field, String value) throws IOException {
        List<List<String>> rows = read(table);
        int column = rows.get(0).indexOf(field);
        List<Integer> found = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).get(column).equals(value)) {
                found.add(i + 1);
            }
        }
        return found;
    }

    private List<List<String>> read(String table) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(pkg.resolve(table))) {
            return Csv.read(in).stream().map(row -> (List<String>) new ArrayList<>(row)).toList();
        }
    }

    private void write(String table, List<List<String>> rows) throws IOException {
        StringWriter out = new StringWriter();
        rows.forEach(row -> Csv.writeRecord(out, row));
        Files.writeString(pkg.resolve(table), out.toString());
    }
}
