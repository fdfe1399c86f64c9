package org.trapstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads multi-document YAML into JSON trees, the form kustomize itself transforms. */
final class YamlDocuments {

    static final YAMLMapper MAPPER = new YAMLMapper();

    static List<ObjectNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
            return collect(docs, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static List<ObjectNode> read(String yaml) {
        try (MappingIterator<JsonNode> docs = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            return collect(docs, "inline YAML");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ObjectNode> collect(MappingIterator<JsonNode> docs, String source) throws IOException {
        List<ObjectNode> result = new ArrayList<>();
        while (docs.hasNextValue()) {
            JsonNode doc = docs.nextValue();
            // A stream that starts with comments and "---" yields an empty first document.
            if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                continue;
            }
            if (!doc.isObject()) {
                throw new IllegalArgumentException(source + ": a document is not a mapping: " + doc);
            }
            result.add((ObjectNode) doc);
        }
        return result;
    }

    private YamlDocuments() {
    }
}
