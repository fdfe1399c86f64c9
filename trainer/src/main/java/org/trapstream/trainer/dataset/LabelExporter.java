package org.trapstream.trainer.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * Writes the current label of every image as CSV ({@code image_id,label,labeler,labeled_at,site,split}, RFC 4180
 * quoting, formulas defused), sorted by image id, with the split each image belongs to, so the data behind a model can be
 * audited or reused elsewhere.
 */
public final class LabelExporter {

    private static final String FORMULA_STARTS = "=+-@\t\r";
    static final List<String> HEADER = List.of("image_id", "label", "labeler", "labeled_at", "site", "split");

    public static void write(LabelSnapshot snapshot, SplitAssigner splits, Path out) {
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            writer.write(String.join(",", HEADER));
            writer.write("\r\n");
            SplitAssigner.Scheme scheme = splits.schemeFor(snapshot.records());
            for (LabelRecord record : snapshot.records()) {
                writer.write(String.join(",", cell(record.imageId()), cell(record.label()), cell(record.labeler()),
                    cell(record.labeledAt().toString()), cell(record.site()), cell(splits.splitOf(record, scheme).code())));
                writer.write("\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out, e);
        }
    }

    /**
     * One RFC 4180 cell. Labels and labeler names come from people, and a spreadsheet runs a cell that starts with
     * {@code = + - @}, a tab or a carriage return as a formula (CSV injection): such a cell gets a leading {@code '},
     * which spreadsheets show as text and do not keep.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private LabelExporter() {
    }
}
