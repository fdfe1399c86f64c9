package org.trapstream.trainer.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.trapstream.exchange.Csv;
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
            Csv.writeRecord(writer, HEADER);
            SplitAssigner.Scheme scheme = splits.schemeFor(snapshot.records());
            for (LabelRecord record : snapshot.records()) {
                writer.write(Stream.of(record.imageId(), record.label(), record.labeler(), record.labeledAt().toString(),
                    record.site(), splits.splitOf(record, scheme).code()).map(LabelExporter::cell)
                    .collect(Collectors.joining(",", "", "\r\n")));
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
        boolean formula = value != null && !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        return Csv.cell(formula ? "'" + value : value);
    }

    private LabelExporter() {
    }
}
