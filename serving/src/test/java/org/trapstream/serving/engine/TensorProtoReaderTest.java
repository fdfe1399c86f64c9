package org.trapstream.serving.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TensorProtoReaderTest {

    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT64 = 7;
    private static final int FLOAT16 = 10;

    @Test
    void readsPackedFloatsWithTheirShapeAndName() throws Exception {
        TensorValue tensor = TensorProtoReader.parse(new Proto()
            .varint(1, 2).varint(1, 3).varint(2, FLOAT).bytes(4, floats(1, 2, 3, 4, 5, -6)).string(8, "x")
            .build());

        assertEquals("x", tensor.name());
        assertEquals(ElementType.FLOAT, tensor.type());
        assertArrayEquals(new long[] {2, 3}, tensor.shape());
        assertEquals(-6.0, tensor.type().real(tensor.data(), 5));
    }

    @Test
    void readsPackedDims() throws Exception {
        Proto packedDims = new Proto().bytes(1, new Proto().rawVarint(2).rawVarint(1).build().array())
            .varint(2, FLOAT).bytes(4, floats(7, 8));

        assertArrayEquals(new long[] {2, 1}, TensorProtoReader.parse(packedDims.build()).shape());
    }

    @Test
    void readsRawDataAsLittleEndian() throws Exception {
        ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(1L << 40);
        TensorValue tensor = TensorProtoReader.parse(new Proto().varint(1, 2).varint(2, INT64)
            .bytes(9, raw.array()).build());

        assertEquals(-1, tensor.type().integer(tensor.data(), 0));
        assertEquals(1L << 40, tensor.type().integer(tensor.data(), 1));
    }

    @Test
    void readsNarrowIntegersFromInt32Data() throws Exception {
        TensorValue tensor = TensorProtoReader.parse(new Proto().varint(1, 2).varint(2, UINT8)
            .varint(5, 200).varint(5, 7).build());

        assertEquals(200, tensor.type().integer(tensor.data(), 0));
        assertEquals(7, tensor.type().integer(tensor.data(), 1));
    }

    @Test
    void takesAScalarForATensorWithoutDims() throws Exception {
        TensorValue tensor = TensorProtoReader.parse(new Proto().varint(2, FLOAT).bytes(4, floats(0.5f)).build());

        assertEquals(1, tensor.size());
    }

    @Test
    void refusesAShapeThatTheValuesDoNotFill() {
        Proto huge = new Proto().varint(1, 1L << 40).varint(2, FLOAT).bytes(4, floats(1, 2, 3));

        assertThrows(IllegalArgumentException.class, () -> TensorProtoReader.parse(huge.build()));
    }

    @Test
    void refusesAShapeWhoseCountOverflows() {
        Proto overflowing = new Proto().varint(1, 1L << 32).varint(1, 1L << 32).varint(2, FLOAT)
            .bytes(4, floats(1));

        assertThrows(IllegalArgumentException.class, () -> TensorProtoReader.parse(overflowing.build()));
    }

    @Test
    void refusesRawDataOfTheWrongLength() {
        Proto shortRaw = new Proto().varint(1, 4).varint(2, FLOAT).bytes(9, new byte[15]);

        assertThrows(IllegalArgumentException.class, () -> TensorProtoReader.parse(shortRaw.build()));
    }

    @Test
    void refusesAFieldLongerThanTheBytesLeft() {
        byte[] truncated = new Proto().varint(2, FLOAT).key(4, ProtoWire.LENGTH_DELIMITED).rawVarint(1000)
            .build().array();

        assertThrows(IllegalArgumentException.class, () -> TensorProtoReader.parse(ByteBuffer.wrap(truncated)));
    }

    @Test
    void reportsATypeItDoesNotDecodeAsUnsupported() {
        Proto half = new Proto().varint(1, 1).varint(2, FLOAT16).varint(5, 0x3C00);

        UnsupportedCaseException unsupported = assertThrows(UnsupportedCaseException.class,
            () -> TensorProtoReader.parse(half.build()));
        assertEquals("tensor of type FLOAT16 is unsupported by the reader", unsupported.getMessage());
    }

    private static byte[] floats(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return bytes.array();
    }

    /** Writes protobuf wire format by hand, so that each test shows the bytes it feeds the reader. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto key(int field, int wireType) {
            return rawVarint((long) field << 3 | wireType);
        }

        Proto varint(int field, long value) {
            return key(field, ProtoWire.VARINT).rawVarint(value);
        }

        Proto bytes(int field, byte[] value) {
            key(field, ProtoWire.LENGTH_DELIMITED).rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        ByteBuffer build() {
            return ByteBuffer.wrap(out.toByteArray());
        }
    }
}
