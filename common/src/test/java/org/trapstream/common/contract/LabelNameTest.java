package org.trapstream.common.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trapstream.testkit.SharedDatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"italian_honey_bee", "Mixed local stock 2", "malay civet", "Sus_barbatus-2.v1", "sp.",
        "_unsorted", "x"})
    void acceptsPlainAsciiNames(String label) {
        assertTrue(LabelName.isValid(label), label);
        assertEquals(Optional.empty(), LabelName.problem(label));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", " deer", "deer ", "-leading-dash", "trailing-", ".hidden", "a,b", "semi;colon",
        "line\nbreak", "tab\there", "<script>", "émigré", "white-tailed deer (juvenile)", "Grant's gazelle", "a+b"})
    void refusesNamesOutsideTheRuleAndSaysWhy(String label) {
        assertFalse(LabelName.isValid(label), label);
        String problem = LabelName.problem(label).orElseThrow();
        assertTrue(problem.contains("'" + label + "'") && problem.endsWith(LabelName.RULE), problem);
    }

    @Test
    void refusesMissingAndOverlongNamesWithoutEchoingThem() {
        assertTrue(LabelName.isValid("x".repeat(LabelName.MAX_LENGTH)));
        assertEquals("the label is 65 characters long: " + LabelName.RULE,
            LabelName.problem("x".repeat(LabelName.MAX_LENGTH + 1)).orElseThrow());
        assertEquals("the label is empty: " + LabelName.RULE, LabelName.problem("").orElseThrow());
        assertFalse(LabelName.isValid(null));
    }

    @Test
    void everyClassOfTheSharedDatasetsIsAValidLabel() throws IOException {
        for (String dataset : List.of(SharedDatasets.HONEYBEE, SharedDatasets.BORNEO)) {
            Path train = SharedDatasets.require(dataset).resolve("train");
            try (Stream<Path> classes = Files.list(train)) {
                List<String> names = classes.filter(Files::isDirectory).map(dir -> dir.getFileName().toString())
                    .toList();
                assertFalse(names.isEmpty(), "class folders in " + train);
                names.forEach(name -> assertTrue(LabelName.isValid(name), dataset + " class " + name));
            }
        }
    }
}
