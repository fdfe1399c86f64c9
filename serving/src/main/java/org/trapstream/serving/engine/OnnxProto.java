package org.trapstream.serving.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes ONNX's protobuf messages field by field (varints and length-delimited fields, which is all an ONNX graph
 * needs), so Trapstream can add to a network without a protobuf runtime: {@link OnnxHead} appends a head, tests
 * write small networks. Field numbers are those of ONNX's {@code onnx.proto}.
 */
public final class OnnxProto {

    /** {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public OnnxProto varint(int field, long value) {
        writeVarint((long) field << 3);
        writeVarint(value);
        return this;
    }

    public OnnxProto string(int field, String value) {
        return raw(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public OnnxProto message(int field, OnnxProto message) {
        return raw(field, message.bytes());
    }

    public OnnxProto raw(int field, byte[] value) {
        writeVarint((long) field << 3 | 2);
        writeVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** A {@code NodeProto}: op type, name, inputs, one output. */
    public static OnnxProto node(String opType, String name, String output, String... inputs) {
        OnnxProto node = new OnnxProto();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, name).string(4, opType);
    }

    /** An integer {@code AttributeProto}, to add to a node as field 5. */
    public static OnnxProto intAttribute(String name, long value) {
        return new OnnxProto().string(1, name).varint(3, value).varint(20, 2);
    }

    /** A float {@code TensorProto} initializer with its values raw, little-endian. */
    public static OnnxProto floats(String name, float[] values, long... dims) {
        OnnxProto tensor = new OnnxProto();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor.varint(2, FLOAT).string(8, name).raw(9, raw.array());
    }

    /** A float {@code ValueInfoProto} whose first axis is a dynamic batch axis, then {@code dims}. */
    public static OnnxProto floatValue(String name, long... dims) {
        OnnxProto shape = new OnnxProto().message(1, new OnnxProto().string(2, "batch"));
        for (long dim : dims) {
            shape.message(1, new OnnxProto().varint(1, dim));
        }
        OnnxProto tensorType = new OnnxProto().varint(1, FLOAT).message(2, shape);
        return new OnnxProto().string(1, name).message(2, new OnnxProto().message(1, tensorType));
    }

    private void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
