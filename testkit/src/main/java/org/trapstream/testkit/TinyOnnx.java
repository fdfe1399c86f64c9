package org.trapstream.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a small, real ONNX network without any Python: input {@code [batch, 3, size, size]} (float, NCHW) →
 * GlobalAveragePool → Flatten → Gemm → {@code logits [batch, classes]}. Each class's logit is a fixed linear
 * function of the image's mean red, green and blue, so predictions depend on the picture and are the same on
 * every run. For tests that need an importable network fast; PyTorch exports of real architectures are in
 * {@code ReferenceModels}.
 *
 * <p>The file is the ONNX {@code ModelProto} in protobuf's wire format, written field by field (opset 13, IR 7).
 */
public final class TinyOnnx {

    private static final int FLOAT = 1;

    private TinyOnnx() {
    }

    /**
     * A colour classifier over {@code classes} outputs at a fixed input side {@code size}: class {@code k}'s weights
     * are a distinct mix of the three channel means, scaled by {@code gain} so that logits spread.
     */
    public static byte[] colourClassifier(int classes, int size, float gain) {
        float[] weights = new float[classes * 3];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            double angle = 2 * Math.PI * k / classes;
            weights[k * 3] = (float) (gain * Math.cos(angle));
            weights[k * 3 + 1] = (float) (gain * Math.sin(angle));
            weights[k * 3 + 2] = (float) (gain * Math.cos(2 * angle) / 2);
            bias[k] = 0.01f * k;
        }
        Proto graph = new Proto()
            .message(1, node("GlobalAveragePool", "pooled", "input"))
            .message(1, node("Flatten", "flat", "pooled"))
            .message(1, node("Gemm", "logits", "flat", "weights", "bias").message(5, intAttribute("transB", 1)))
            .string(2, "tiny-colour-classifier")
            .message(5, tensor("weights", weights, classes, 3))
            .message(5, tensor("bias", bias, classes))
            .message(11, valueInfo("input", 3, size, size))
            .message(12, valueInfo("logits", classes));
        return new Proto()
            .varint(1, 7)
            .string(2, "trapstream-testkit")
            .message(7, graph)
            .message(8, new Proto().string(1, "").varint(2, 13))
            .bytes();
    }

    private static Proto node(String opType, String output, String... inputs) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, opType.toLowerCase()).string(4, opType);
    }

    private static Proto intAttribute(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2);
    }

    private static Proto tensor(String name, float[] values, long... dims) {
        Proto tensor = new Proto();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor.varint(2, FLOAT).string(8, name).raw(9, raw.array());
    }

    /** A float tensor value whose first axis is the dynamic batch axis, then {@code dims}. */
    private static Proto valueInfo(String name, long... dims) {
        Proto shape = new Proto().message(1, new Proto().string(2, "batch"));
        for (long dim : dims) {
            shape.message(1, new Proto().varint(1, dim));
        }
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** Protobuf's wire format: tag = field << 3 | wire type; varints and length-delimited fields only. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return raw(field, message.bytes());
        }

        Proto raw(int field, byte[] value) {
            writeVarint((long) field << 3 | 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
