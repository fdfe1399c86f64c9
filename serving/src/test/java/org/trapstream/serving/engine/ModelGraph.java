package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the conformance suite needs to know of an ONNX model's main graph, read from the {@code ModelProto} wire
 * format: the operators its nodes apply (op types of the default {@code ai.onnx} domain), and which of its inputs
 * and outputs are not plain tensors (sequences, maps, optionals, sparse tensors). Subgraphs of {@code If},
 * {@code Loop} and {@code Scan} are not descended into: a node test belongs to the operators its graph applies
 * directly.
 */
record ModelGraph(Set<String> operators, List<String> nonTensorValues) {

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_DOMAIN = 7;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;

    static ModelGraph read(Path model) throws IOException {
        try {
            ModelGraph graph = new ModelGraph(new TreeSet<>(), new ArrayList<>());
            ProtoWire modelFields = new ProtoWire(ByteBuffer.wrap(Files.readAllBytes(model)));
            while (modelFields.hasMore()) {
                int key = modelFields.key();
                if (ProtoWire.field(key) == MODEL_GRAPH) {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    graph.scan(new ProtoWire(modelFields.lengthDelimited()));
                } else {
                    modelFields.skip(key);
                }
            }
            return graph;
        } catch (IllegalArgumentException e) {
            throw new IOException(model + ": " + e.getMessage(), e);
        }
    }

    private void scan(ProtoWire graph) {
        while (graph.hasMore()) {
            int key = graph.key();
            switch (ProtoWire.field(key)) {
                case GRAPH_NODE -> {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    addOperator(new ProtoWire(graph.lengthDelimited()));
                }
                case GRAPH_INPUT, GRAPH_OUTPUT -> {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    checkTensor(new ProtoWire(graph.lengthDelimited()));
                }
                default -> graph.skip(key);
            }
        }
    }

    private void addOperator(ProtoWire node) {
        String opType = "";
        String domain = "";
        while (node.hasMore()) {
            int key = node.key();
            switch (ProtoWire.field(key)) {
                case NODE_OP_TYPE -> {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    opType = node.string();
                }
                case NODE_DOMAIN -> {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    domain = node.string();
                }
                default -> node.skip(key);
            }
        }
        if (domain.isEmpty() || domain.equals("ai.onnx")) {
            operators.add(opType);
        }
    }

    /** A ValueInfoProto: a tensor when its TypeProto sets tensor_type, the first field of the type's oneof. */
    private void checkTensor(ProtoWire value) {
        String name = "";
        boolean tensor = false;
        while (value.hasMore()) {
            int key = value.key();
            switch (ProtoWire.field(key)) {
                case VALUE_NAME -> {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    name = value.string();
                }
                case VALUE_TYPE -> {
                    ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                    tensor = setsField(new ProtoWire(value.lengthDelimited()), TYPE_TENSOR);
                }
                default -> value.skip(key);
            }
        }
        if (!tensor) {
            nonTensorValues.add(name);
        }
    }

    private static boolean setsField(ProtoWire message, int field) {
        boolean set = false;
        while (message.hasMore()) {
            int key = message.key();
            set |= ProtoWire.field(key) == field;
            message.skip(key);
        }
        return set;
    }
}
