package org.trapstream.serving.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance report: sections of rows (an operator, a suite), each row counting how its cases came out.
 * A case counts in every row it belongs to, but ran once.
 */
final class ConformanceTable {

    enum Outcome {
        PASSED("Passed"),
        FAILED("Failed"),
        EXPECTED_DEVIATION("Expected deviations"),
        UNSUPPORTED("Unsupported by the reader");

        private final String heading;

        Outcome(String heading) {
            this.heading = heading;
        }
    }

    private final String preamble;
    private final List<Section> sections = new ArrayList<>();
    private final Map<BackendTestCase, Outcome> outcomes = new HashMap<>();

    ConformanceTable(String preamble) {
        this.preamble = preamble;
    }

    Section section(String title, String rowKind) {
        Section section = new Section(title, rowKind, new ArrayList<>());
        sections.add(section);
        return section;
    }

    synchronized void record(BackendTestCase testCase, Outcome outcome) {
        outcomes.put(testCase, outcome);
    }

    synchronized boolean isEmpty() {
        return outcomes.isEmpty();
    }

    synchronized String markdown() {
        StringBuilder markdown = new StringBuilder(preamble).append('\n');
        for (Section section : sections) {
            markdown.append("\n### ").append(section.title).append("\n\n| ").append(section.rowKind).append(" | Cases");
            for (Outcome outcome : Outcome.values()) {
                markdown.append(" | ").append(outcome.heading);
            }
            markdown.append(" |\n|---|---:").append("|---:".repeat(Outcome.values().length)).append("|\n");
            for (Row row : section.rows) {
                markdown.append("| ").append(row.label)
                    .append(" | ").append(row.cases.size());
                for (Outcome outcome : Outcome.values()) {
                    markdown.append(" | ").append(row.cases.stream().filter(c -> outcomes.get(c) == outcome).count());
                }
                markdown.append(" |\n");
            }
        }
        return markdown.toString();
    }

    record Section(String title, String rowKind, List<Row> rows) {

        void row(String label, List<BackendTestCase> cases) {
            rows.add(new Row(label, cases));
        }
    }

    record Row(String label, List<BackendTestCase> cases) {
    }
}
