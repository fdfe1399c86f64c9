package org.trapstream.serving.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * A tensor as the conformance suite handles it: read from a {@code TensorProto} or copied out of ONNX Runtime.
 * {@code data} holds exactly the shape's element count, little-endian like ONNX's {@code raw_data}; ONNX Runtime
 * takes and gives the machine's byte order, so the suite runs on little-endian machines only.
 */
record TensorValue(String name, ElementType type, long[] shape, ByteBuffer data) {

    TensorValue {
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        if ((long) elementCount(shape) * type.bytes != data.remaining()) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes of " + type + " for shape "
                + Arrays.toString(shape));
        }
    }

    /** An output of ONNX Runtime, copied out of the native tensor. */
    static TensorValue of(String name, OnnxTensor tensor) throws UnsupportedCaseException {
        ElementType type = ElementType.ofJava(tensor.getInfo().type)
            .orElseThrow(() -> new UnsupportedCaseException("output " + name + " of type "
                + tensor.getInfo().onnxType + " is unsupported by the reader"));
        return new TensorValue(name, type, tensor.getInfo().getShape(), tensor.getByteBuffer());
    }

    /** How many elements a shape holds; a shape without dimensions is a scalar, one element. */
    static int elementCount(long[] shape) {
        if (Arrays.stream(shape).anyMatch(dimension -> dimension < 0)) {
            throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
        }
        if (Arrays.stream(shape).anyMatch(dimension -> dimension == 0)) {
            return 0;
        }
        long count = 1;
        for (long dimension : shape) {
            // Checked at every step, so that no declared shape can overflow the count.
            if (dimension > Integer.MAX_VALUE / count) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
            count *= dimension;
        }
        return (int) count;
    }

    int size() {
        return data.remaining() / type.bytes;
    }

    OnnxTensor toOnnx(OrtEnvironment environment) throws OrtException {
        // A direct buffer: ONNX Runtime 1.20 casts a heap one to the element type's buffer class and fails.
        ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
        direct.put(data.duplicate()).flip();
        return OnnxTensor.createTensor(environment, direct, shape, type.javaType);
    }

    @Override
    public String toString() {
        return name + ": " + type + Arrays.toString(shape);
    }
}
