package org.trapstream.image;

/**
 * The first bytes of an image file and whether the file ends with a JPEG EOI marker: all that decoding a
 * camera's EXIF thumbnail needs, without reading the frame ({@link ImageDecoder#readThumbnail}).
 *
 * @param bytes              the file's first bytes, all of them when {@link #complete()}
 * @param fileSize           the whole file's size in bytes
 * @param endsWithEndOfImage whether the file's last two bytes are FF D9
 */
public record ImageHead(byte[] bytes, long fileSize, boolean endsWithEndOfImage) {

    public ImageHead {
        if (bytes.length > fileSize) {
            throw new IllegalArgumentException("A head of " + bytes.length + " bytes of a " + fileSize + "-byte file");
        }
    }

    /** Whether the head is the whole file. */
    public boolean complete() {
        return bytes.length == fileSize;
    }
}
