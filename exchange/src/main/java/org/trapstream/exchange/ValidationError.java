package org.trapstream.exchange;

/**
 * One way a Camtrap DP package breaks the standard: the file ({@code datapackage.json} or a table's path), the
 * row (the CSV record number, the header being row 1; 0 for package-level errors and a table as a whole), the
 * field (a column, or a property path in {@code datapackage.json}; empty when none), the rule that failed
 * (Frictionless names: {@code required}, {@code type}, {@code enum}, {@code pattern}, {@code unique},
 * {@code primary-key}, {@code foreign-key}, ...) and what was wrong.
 */
public record ValidationError(String table, long row, String field, String rule, String message) {

    @Override
    public String toString() {
        return table + (row > 0 ? " row " + row : "") + (field.isEmpty() ? "" : " field " + field)
            + " [" + rule + "]: " + message;
    }
}
