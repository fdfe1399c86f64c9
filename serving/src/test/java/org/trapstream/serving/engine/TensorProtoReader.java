package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.trapstream.serving.engine.ProtoWire.MalformedProtoException;

/**
 * Reads a serialized ONNX {@code TensorProto}, the format of the backend tests' {@code input_N.pb} and
 * {@code output_N.pb}, straight from the wire format. The values come from {@code raw_data} when present, otherwise
 * from the typed field ONNX keeps that element type in; either way the shape's element count must match the values
 * actually present before anything the size of the tensor is allocated.
 */
final class TensorProtoReader {

    private static final int DIMS = 1;
    private static final int DATA_TYPE = 2;
    private static final int SEGMENT = 3;
    private static final int FLOAT_DATA = 4;
    private static final int INT32_DATA = 5;
    private static final int INT64_DATA = 7;
    private static final int NAME = 8;
    private static final int RAW_DATA = 9;
    private static final int DOUBLE_DATA = 10;
    private static final int EXTERNAL_DATA = 13;
    private static final int DATA_LOCATION = 14;

    private TensorProtoReader() {
    }

    static TensorValue read(Path file) throws IOException, UnsupportedCaseException {
        try {
            return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static TensorValue parse(ByteBuffer proto) throws UnsupportedCaseException {
        Fields fields = Fields.scan(new ProtoWire(proto));
        ElementType type = ElementType.ofOnnx(fields.dataType).orElseThrow(() -> new UnsupportedCaseException(
            fields.label() + " of type " + ElementType.onnxName(fields.dataType) + " is unsupported by the reader"));
        long[] shape = fields.dims.stream().mapToLong(Long::longValue).toArray();
        int count = TensorValue.elementCount(shape);
        ByteBuffer values = fields.raw != null ? rawValues(type, count, fields.raw) : typedValues(type, count, fields);
        return new TensorValue(fields.name, type, shape, values);
    }

    private static ByteBuffer rawValues(ElementType type, int count, ByteBuffer raw) {
        if ((long) count * type.bytes != raw.remaining()) {
            throw new MalformedProtoException("raw_data holds " + raw.remaining() + " bytes where " + count
                + " elements of " + type + " take " + (long) count * type.bytes);
        }
        return raw;
    }

    private static ByteBuffer typedValues(ElementType type, int count, Fields fields) {
        return switch (type) {
            case FLOAT -> fixedValues(type, count, fields.pieces(FLOAT_DATA));
            case DOUBLE -> fixedValues(type, count, fields.pieces(DOUBLE_DATA));
            case INT64 -> varintValues(type, count, fields.pieces(INT64_DATA));
            // ONNX keeps the narrower integers and bool in int32_data, one element per int32.
            case INT32, INT8, UINT8, BOOL -> varintValues(type, count, fields.pieces(INT32_DATA));
        };
    }

    private static ByteBuffer fixedValues(ElementType type, int count, List<ByteBuffer> pieces) {
        long bytes = 0;
        for (ByteBuffer piece : pieces) {
            if (piece.remaining() % type.bytes != 0) {
                throw new MalformedProtoException("a packed run of " + type + " is " + piece.remaining() + " bytes");
            }
            bytes += piece.remaining();
        }
        checkCount(type, count, bytes / type.bytes);
        ByteBuffer values = ByteBuffer.allocate(count * type.bytes).order(ByteOrder.LITTLE_ENDIAN);
        pieces.forEach(piece -> values.put(piece.duplicate()));
        return values.flip();
    }

    private static ByteBuffer varintValues(ElementType type, int count, List<ByteBuffer> pieces) {
        checkCount(type, count, pieces.stream().mapToLong(ProtoWire::countVarints).sum());
        ByteBuffer values = ByteBuffer.allocate(count * type.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (ByteBuffer piece : pieces) {
            ProtoWire varints = new ProtoWire(piece);
            while (varints.hasMore()) {
                long value = varints.varint();
                switch (type) {
                    case INT64 -> values.putLong(value);
                    case INT32 -> values.putInt((int) value);
                    default -> values.put((byte) value);
                }
            }
        }
        return values.flip();
    }

    private static void checkCount(ElementType type, int count, long present) {
        if (present != count) {
            throw new MalformedProtoException("the shape holds " + count + " elements of " + type + " but "
                + present + " are present");
        }
    }

    /** The fields of one TensorProto as found on the wire, the typed values still undecoded. */
    private static final class Fields {
        private final List<Long> dims = new ArrayList<>();
        private int dataType;
        private String name = "";
        private ByteBuffer raw;
        /** Each typed field as the pieces it was written in: one packed run, or one element per occurrence. */
        private final Map<Integer, List<ByteBuffer>> typed = new HashMap<>();

        static Fields scan(ProtoWire wire) throws UnsupportedCaseException {
            Fields fields = new Fields();
            while (wire.hasMore()) {
                int key = wire.key();
                int field = ProtoWire.field(key);
                switch (field) {
                    case DIMS -> fields.readDims(wire, key);
                    case DATA_TYPE -> {
                        ProtoWire.expect(key, ProtoWire.VARINT);
                        fields.dataType = (int) wire.varint();
                    }
                    case NAME -> {
                        ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                        fields.name = wire.string();
                    }
                    case RAW_DATA -> {
                        ProtoWire.expect(key, ProtoWire.LENGTH_DELIMITED);
                        fields.raw = wire.lengthDelimited();
                    }
                    case FLOAT_DATA -> fields.add(field, fixedPiece(wire, key, ProtoWire.FIXED32));
                    case DOUBLE_DATA -> fields.add(field, fixedPiece(wire, key, ProtoWire.FIXED64));
                    case INT32_DATA, INT64_DATA -> fields.add(field, varintPiece(wire, key));
                    case SEGMENT -> throw new UnsupportedCaseException("segmented " + fields.label()
                        + " is unsupported by the reader");
                    case EXTERNAL_DATA -> throw new UnsupportedCaseException(fields.label()
                        + " with external data is unsupported by the reader");
                    case DATA_LOCATION -> {
                        ProtoWire.expect(key, ProtoWire.VARINT);
                        if (wire.varint() != 0) {
                            throw new UnsupportedCaseException(fields.label()
                                + " with external data is unsupported by the reader");
                        }
                    }
                    default -> wire.skip(key);
                }
            }
            return fields;
        }

        String label() {
            return name.isEmpty() ? "tensor" : "tensor " + name;
        }

        List<ByteBuffer> pieces(int field) {
            return typed.getOrDefault(field, List.of());
        }

        private void add(int field, ByteBuffer piece) {
            typed.computeIfAbsent(field, f -> new ArrayList<>()).add(piece);
        }

        /** A repeated int64: proto2 writes it unpacked, and a parser must take it packed too. */
        private void readDims(ProtoWire wire, int key) {
            if (ProtoWire.wireType(key) == ProtoWire.LENGTH_DELIMITED) {
                ProtoWire packed = new ProtoWire(wire.lengthDelimited());
                while (packed.hasMore()) {
                    dims.add(packed.varint());
                }
            } else {
                ProtoWire.expect(key, ProtoWire.VARINT);
                dims.add(wire.varint());
            }
        }

        private static ByteBuffer fixedPiece(ProtoWire wire, int key, int unpackedWireType) {
            if (ProtoWire.wireType(key) == ProtoWire.LENGTH_DELIMITED) {
                return wire.lengthDelimited();
            }
            ProtoWire.expect(key, unpackedWireType);
            return unpackedWireType == ProtoWire.FIXED32 ? wire.fixed32() : wire.fixed64();
        }

        private static ByteBuffer varintPiece(ProtoWire wire, int key) {
            if (ProtoWire.wireType(key) == ProtoWire.LENGTH_DELIMITED) {
                return wire.lengthDelimited();
            }
            ProtoWire.expect(key, ProtoWire.VARINT);
            return wire.varintBytes();
        }
    }
}
