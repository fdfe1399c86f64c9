package org.trapstream.image.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The image store could not keep an image (a full disk, a read-only or failing volume); the message says why. */
public final class ImageStoreWriteException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    public ImageStoreWriteException(String message, IOException cause) {
        super(message, cause);
    }
}
