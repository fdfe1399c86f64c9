package org.trapstream.serving.engine;

import java.io.ByteArrayOutputStream;

/**
 * Puts a new classification head on an imported ONNX network: Flatten of its feature output, then
 * Gemm(features, weights) + bias as a new graph output. The backbone's bytes are kept as they are and the head is
 * appended as a second {@code graph} field of the {@code ModelProto}: protobuf parsers merge repeated occurrences
 * of a message field, so the graph gains the head's nodes, initializers and output, and nothing else changes. The
 * network's old outputs stay, and serving names the head's output.
 */
public final class OnnxHead {

    private static final int GRAPH = 7;

    private OnnxHead() {
    }

    /**
     * @param backbone      the imported network's ONNX bytes
     * @param featureOutput the output that gives each image's feature vector ([n, features] or [n, features, 1, 1])
     * @param weights       row-major [features][classes]
     * @param bias          one per class
     * @param outputName    the head's output, a name the backbone does not use
     */
    public static byte[] append(byte[] backbone, String featureOutput, float[] weights, int features, float[] bias,
                                String outputName) {
        int classes = bias.length;
        if (features < 1 || weights.length != features * classes) {
            throw new IllegalArgumentException(weights.length + " weights for " + features + " features x "
                + classes + " classes");
        }
        String flat = outputName + "_features";
        OnnxProto graph = new OnnxProto()
            .message(1, OnnxProto.node("Flatten", outputName + "_flatten", flat, featureOutput))
            .message(1, OnnxProto.node("Gemm", outputName + "_gemm", outputName, flat, outputName + "_weights",
                outputName + "_bias"))
            .message(5, OnnxProto.floats(outputName + "_weights", weights, features, classes))
            .message(5, OnnxProto.floats(outputName + "_bias", bias, classes))
            .message(12, OnnxProto.floatValue(outputName, classes));
        OnnxProto head = new OnnxProto().message(GRAPH, graph);
        ByteArrayOutputStream model = new ByteArrayOutputStream(backbone.length + weights.length * Float.BYTES + 256);
        model.writeBytes(backbone);
        model.writeBytes(head.bytes());
        return model.toByteArray();
    }
}
