package org.trapstream.ingest;

/**
 * An image as it arrived, nothing checked yet: the bytes and what the sender claims about them.
 * {@code cameraId} and {@code capturedAt} are the raw header values, null when the sender left them out.
 */
record IncomingImage(byte[] bytes, String cameraId, String capturedAt, IntakeSource source) {
}
