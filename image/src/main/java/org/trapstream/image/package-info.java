/**
 * Image checks and decoding for Trapstream: the JDK's own ImageIO readers, and libjpeg-turbo (through
 * Leptonica) for large JPEG frames.
 *
 * <p>{@link org.trapstream.image.ImageProbe} decides from the bytes alone whether an image is worth
 * keeping: format by magic bytes (never by name), dimensions from the header, EXIF orientation and capture
 * time, and the {@link org.trapstream.image.ImageLimits} (a progressive or other multi-scan JPEG a share of the
 * pixels, as libjpeg holds all of its coefficients). {@link org.trapstream.image.ImageDecoder} turns an accepted
 * image into the exact input a model wants, and holds every size a reader finds to the same limits before that
 * reader allocates for it: no declared size, of a frame or of a thumbnail, is decoded unchecked.
 *
 * <p>Two ways to decode ({@link org.trapstream.image.Decoding}). <b>Exact</b> gives the bytes a PyTorch pipeline
 * gives its network (Pillow's decode, EXIF orientation and bilinear {@code Resize}): the whole JPEG frame decoded by
 * libjpeg-turbo as Pillow decodes it, turned upright, then Pillow's fixed-point filter ({@code PillowBilinear}); the
 * JDK's reader at full size where libjpeg-turbo refuses a JPEG, and for other formats. <b>Fast</b>, below, is what
 * the networks trained here learn from, and within a grey level of exact on large frames.
 *
 * <p>Fast decode strategy, for camera-trap frames of 2-20 MP going into a network of 64-480 px:
 * <ul>
 *   <li><b>The camera's thumbnail when it is big enough.</b> Most trail cameras embed a filtered preview
 *   (160x120 in the Serengeti frames) in EXIF. For a small model input it carries all the detail the input can
 *   hold, and decoding it costs about a twentieth of decoding the frame, which is what bounds a CPU
 *   classifier's throughput. It is used only when it has 1.5x the target in both axes and the frame's aspect
 *   ratio, claims no more pixels than its frame in either axis nor than the limits allow (a thumbnail over them
 *   is skipped, not rejected: the frame holds every pixel it could), decodes without a warning, and the file ends
 *   with its EOI marker (a frame cut off in transfer is decoded in full, and rejected). Otherwise, or for other
 *   formats, the frame is decoded.
 *   {@code ImageDecoder.readThumbnail} does the same from the file's head, its last two bytes and the frame size
 *   a probe of the whole file found, so that a stored frame need not be read at all.</li>
 *   <li><b>Decode large JPEG frames at a reduced DCT scale.</b> When a JPEG frame is at least twice the target
 *   in both axes, libjpeg-turbo decodes it at the smallest of 1/8, 1/4, 1/2 or full size that still leaves twice
 *   the target (1/2 for 2048x1536 to 224x224, full size to 480x480, 1/8 for 5472x3648 to 224x224), and Pillow's
 *   bilinear filter ({@code PillowBilinear}) takes it to the target: the pixels torchvision's {@code Resize}
 *   gives a PyTorch network, within a grey level. Most of the inverse DCT, chroma upsampling and colour
 *   conversion is skipped where the scale allows. libjpeg-turbo refuses any JPEG it warns about; the JDK's reader
 *   then decodes it as below and judges the damage.</li>
 *   <li><b>Otherwise subsample while reading</b> (other formats, CMYK and YCCK JPEGs, frames less than twice the
 *   target, JPEGs with warnings). The JDK's reader keeps only every n-th pixel of every n-th row, with n the
 *   largest factor that still leaves twice the target size in both axes. Colour conversion, copying and memory
 *   then scale with the kept pixels instead of the frame, and memory stays bounded for large images of any
 *   format. The 2x margin is for quality: point sampling alone would alias, with the margin the resizer still
 *   has real detail to average.</li>
 *   <li><b>Resize in halving steps</b> with bilinear interpolation after the JDK's reader, so every decoded
 *   pixel contributes.</li>
 *   <li><b>Stretch, do not crop or pad.</b> Training and inference both decode through here, so a model
 *   learns the very geometry it is later shown. Cropping would cut off animals at the frame edge, where camera
 *   traps often catch them, and padding would spend input pixels on borders.</li>
 *   <li><b>Orientation last</b>, on the small image, where rotating is cheap.</li>
 *   <li><b>One pixel layout out</b>: TYPE_INT_RGB whatever came in (grey, palette, 16-bit, alpha composited
 *   on white, CMYK and YCCK JPEGs converted by hand because the JDK reader does not handle them reliably).</li>
 *   <li><b>Damaged data is refused</b>, not guessed: truncated JPEGs, which the JDK decodes partially with
 *   only a warning, are rejected as {@code corrupt} like any exception from a reader.</li>
 * </ul>
 * All entry points are static, stateless and safe to call from many worker threads at once.
 */
package org.trapstream.image;
