package org.trapstream.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client on a plain socket, for what an HTTP client library will not do: stop mid-request, trickle, send more
 * than it declared. A thread reads whatever the server sends until the server closes the connection, and then
 * closes this side too, which also ends a write blocked on a server that stopped reading.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final StringBuffer received = new StringBuffer();
    private final CompletableFuture<String> closedByServer = new CompletableFuture<>();
    private long sent;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread reader = new Thread(() -> read(in), "raw-http-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static RawConnection open(int port) {
        try {
            return new RawConnection(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(InputStream in) {
        byte[] chunk = new byte[8192];
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                received.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException reset) {
            // a reset ends the connection as a close does
        }
        closedByServer.complete(received.toString());
        close();
    }

    /** Sends the bytes; false when the connection is closed (the server closed it, or reset it mid-write). */
    public boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            sent += bytes.length;
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    public boolean send(String ascii) {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes written so far. */
    public long sent() {
        return sent;
    }

    /** What the server sent so far. */
    public String received() {
        return received.toString();
    }

    public boolean closed() {
        return closedByServer.isDone();
    }

    /** Everything the server sent, once it closed the connection. */
    public String awaitClosed(Duration patience) {
        try {
            return closedByServer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("The server kept the connection open for " + patience.toMillis()
                + " ms; it sent: " + received(), e);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
