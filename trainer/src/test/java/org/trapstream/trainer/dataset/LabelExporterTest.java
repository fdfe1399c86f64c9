package org.trapstream.trainer.dataset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cells a spreadsheet opens as text, whatever people typed as labels and names. */
class LabelExporterTest {

    @Test
    void aCellThatASpreadsheetWouldRunAsAFormulaStartsWithAQuote() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil\"\")\"", LabelExporter.cell("=HYPERLINK(\"http://evil\")"));
        assertEquals("'+41 79", LabelExporter.cell("+41 79"));
        assertEquals("'-2+3", LabelExporter.cell("-2+3"));
        assertEquals("'@SUM(A1:A9)", LabelExporter.cell("@SUM(A1:A9)"));
        assertEquals("'\tcalc", LabelExporter.cell("\tcalc"));
        assertEquals("\"'\rcalc\"", LabelExporter.cell("\rcalc"), "a CR is quoted as well");
    }

    @Test
    void otherCellsAreQuotedOnlyWhereRfc4180NeedsIt() {
        assertEquals("leopard_cat", LabelExporter.cell("leopard_cat"));
        assertEquals("a-b", LabelExporter.cell("a-b"), "only a leading sign is a formula");
        assertEquals("\"Ana \"\"the expert\"\", reviewer\"", LabelExporter.cell("Ana \"the expert\", reviewer"));
        assertEquals("\"'=1,2\"", LabelExporter.cell("=1,2"));
        assertEquals("", LabelExporter.cell(null));
        assertEquals("", LabelExporter.cell(""));
    }
}
