package org.trapstream.serving.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

import ai.onnxruntime.OnnxJavaType;

/**
 * The tensor element types the conformance suite reads and compares, by ONNX's {@code TensorProto.DataType} code.
 * Anything else (strings, float16, bfloat16, unsigned 16 to 64 bits, complex) is reported as unsupported by the
 * reader rather than guessed at.
 */
enum ElementType {
    FLOAT(1, 4, OnnxJavaType.FLOAT),
    UINT8(2, 1, OnnxJavaType.UINT8),
    INT8(3, 1, OnnxJavaType.INT8),
    INT32(6, 4, OnnxJavaType.INT32),
    INT64(7, 8, OnnxJavaType.INT64),
    BOOL(9, 1, OnnxJavaType.BOOL),
    DOUBLE(11, 8, OnnxJavaType.DOUBLE);

    /** ONNX's names for every code, so that an unsupported type can be named in the report. */
    private static final String[] ONNX_NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
        "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};

    final int onnxCode;
    final int bytes;
    final OnnxJavaType javaType;

    ElementType(int onnxCode, int bytes, OnnxJavaType javaType) {
        this.onnxCode = onnxCode;
        this.bytes = bytes;
        this.javaType = javaType;
    }

    static Optional<ElementType> ofOnnx(int code) {
        return Arrays.stream(values()).filter(type -> type.onnxCode == code).findFirst();
    }

    /** By ONNX Runtime's Java type, which tells float16 and bfloat16 apart from float. */
    static Optional<ElementType> ofJava(OnnxJavaType javaType) {
        return Arrays.stream(values()).filter(type -> type.javaType == javaType).findFirst();
    }

    static String onnxName(int code) {
        return code >= 0 && code < ONNX_NAMES.length ? ONNX_NAMES[code] : "data type " + code;
    }

    boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    /** Element {@code index} of little-endian {@code data}, for the floating-point types. */
    double real(ByteBuffer data, int index) {
        return this == FLOAT ? data.getFloat(index * bytes) : data.getDouble(index * bytes);
    }

    /** Element {@code index} of little-endian {@code data}, for the integer types and bool. */
    long integer(ByteBuffer data, int index) {
        int at = index * bytes;
        return switch (this) {
            case UINT8 -> Byte.toUnsignedLong(data.get(at));
            case INT8, BOOL -> data.get(at);
            case INT32 -> data.getInt(at);
            case INT64 -> data.getLong(at);
            case FLOAT, DOUBLE -> throw new IllegalStateException(this + " is not an integer type");
        };
    }
}
