package org.trapstream.serving.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over protocol buffers' wire format, just enough to read ONNX's {@code TensorProto} and the operators of a
 * {@code ModelProto} without a protobuf library. Every length read from the bytes is checked against what is left
 * before anything is sliced, so a truncated or hostile file fails with {@link MalformedProtoException}.
 */
final class ProtoWire {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** Field numbers above this do not fit protobuf's 29 bits. */
    private static final long MAX_FIELD = (1L << 29) - 1;

    private final ByteBuffer bytes;

    ProtoWire(ByteBuffer bytes) {
        this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    boolean hasMore() {
        return bytes.hasRemaining();
    }

    /** The next field's key: its number in the high bits ({@link #field}), its wire type in the low three. */
    int key() {
        long key = varint();
        if (key >>> 3 == 0 || key >>> 3 > MAX_FIELD) {
            throw new MalformedProtoException("field number " + (key >>> 3) + " at byte " + bytes.position());
        }
        return (int) key;
    }

    static int field(int key) {
        return key >>> 3;
    }

    static int wireType(int key) {
        return key & 7;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!bytes.hasRemaining()) {
                throw new MalformedProtoException("a varint runs past the end");
            }
            byte b = bytes.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedProtoException("a varint longer than ten bytes");
    }

    /** The bytes of the next varint, undecoded: one element of a repeated varint field that is not packed. */
    ByteBuffer varintBytes() {
        int start = bytes.position();
        varint();
        return bytes.slice(start, bytes.position() - start).order(ByteOrder.LITTLE_ENDIAN);
    }

    ByteBuffer fixed32() {
        return take(4);
    }

    ByteBuffer fixed64() {
        return take(8);
    }

    /** A length-delimited field's payload: a nested message, a string, raw bytes or a packed repeated field. */
    ByteBuffer lengthDelimited() {
        long length = varint();
        if (length < 0 || length > bytes.remaining()) {
            throw new MalformedProtoException("a field declares " + Long.toUnsignedString(length) + " bytes but only "
                + bytes.remaining() + " remain");
        }
        return take((int) length);
    }

    String string() {
        return StandardCharsets.UTF_8.decode(lengthDelimited()).toString();
    }

    /** Passes over the value of a field this reader has no use for. */
    void skip(int key) {
        switch (wireType(key)) {
            case VARINT -> varint();
            case FIXED64 -> fixed64();
            case LENGTH_DELIMITED -> lengthDelimited();
            case FIXED32 -> fixed32();
            default -> throw new MalformedProtoException("wire type " + wireType(key) + " of field " + field(key));
        }
    }

    /** Fails unless the field was written with the wire type its schema gives it. */
    static void expect(int key, int wireType) {
        if (wireType(key) != wireType) {
            throw new MalformedProtoException("field " + field(key) + " has wire type " + wireType(key)
                + ", expected " + wireType);
        }
    }

    /** How many varints a packed field holds: one per byte without the continuation bit. */
    static int countVarints(ByteBuffer packed) {
        int count = 0;
        for (int i = packed.position(); i < packed.limit(); i++) {
            if (packed.get(i) >= 0) {
                count++;
            }
        }
        if (packed.hasRemaining() && packed.get(packed.limit() - 1) < 0) {
            throw new MalformedProtoException("a packed field ends inside a varint");
        }
        return count;
    }

    private ByteBuffer take(int length) {
        if (length > bytes.remaining()) {
            throw new MalformedProtoException("a field needs " + length + " bytes but only " + bytes.remaining()
                + " remain");
        }
        ByteBuffer taken = bytes.slice(bytes.position(), length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(bytes.position() + length);
        return taken;
    }

    /** Bytes that are not the protobuf message they claim to be. */
    static final class MalformedProtoException extends IllegalArgumentException {
        MalformedProtoException(String message) {
            super("malformed protobuf: " + message);
        }
    }
}
