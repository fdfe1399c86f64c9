package org.trapstream.trainer.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.trapstream.exchange.Csv;
import org.trapstream.trainer.labels.LabelRecord;
import org.trapstream.trainer.labels.LabelSnapshot;
import org.trapstream.trainer.labels.SplitAssigner;

/**
 * Writes the current label of every image as CSV ({@code image_id,label,labeler,labeled_at,site,split}, RFC 4180
 * quoting), sorted by image id, with the split each image belongs to, so the data behind a model can be
 * audited or reused elsewhere.
 */
public final class LabelExporter {

    static final List<String> HEADER = List.of("image_id", "label", "labeler", "labeled_at", "site", "split");

    public static void write(LabelSnapshot snapshot, SplitAssigner splits, Path out) {
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            Csv.writeRecord(writer, HEADER);
            SplitAssigner.Scheme scheme = splits.schemeFor(snapshot.records());
            for (LabelRecord record : snapshot.records()) {
                Csv.writeRecord(writer, Arrays.asList(record.imageId(), record.label(), record.labeler(),
                    record.labeledAt().toString(), record.site(), splits.splitOf(record, scheme).code()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out, e);
        }
    }

    private LabelExporter() {
    }
}
