package org.trapstream.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of a server-sent event stream, as a browser reads one: events (and comments) are parsed on a thread of
 * their own and queued for the test to wait on.
 */
final class EventStream implements AutoCloseable {

    /** One event; a comment line (a heartbeat) comes as an event named {@code :} with the comment as data. */
    record Event(String name, String data) {
    }

    private static final Duration PATIENCE = DashboardHarness.PATIENCE;

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream at {@code url} with a bearer token; answers other than 200 come back as they are. */
    static HttpResponse<InputStream> open(HttpClient http, String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows a stream that answered 200, once the server says it is following ({@code event: ready}). */
    static EventStream follow(HttpResponse<InputStream> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("the stream answered " + response.statusCode());
        }
        EventStream stream = new EventStream(response);
        stream.await(event -> event.name().equals("ready"));
        return stream;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            List<String> data = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, String.join("\n", data)));
                    }
                    name = "message";
                    data.clear();
                } else if (line.startsWith(":")) {
                    events.add(new Event(":", line.substring(1).strip()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).strip());
                }
            }
            events.add(new Event("closed", ""));
        } catch (IOException e) {
            events.add(new Event("closed", e.toString()));
        }
    }

    /** The first event from now on that {@code wanted} selects; those before it are passed over. */
    Event await(Predicate<Event> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            for (long left = PATIENCE.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Event event = events.poll(left, TimeUnit.NANOSECONDS);
                if (event != null && wanted.test(event)) {
                    return event;
                }
                if (event != null && event.name().equals("closed")) {
                    throw new AssertionError("the stream closed before the event came: " + event.data());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no such event within " + PATIENCE);
    }

    /** The next prediction event. */
    Event nextPrediction() {
        return await(event -> event.name().equals("prediction"));
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reader.interrupt();
    }
}
