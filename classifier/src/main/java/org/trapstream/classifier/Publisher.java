package org.trapstream.classifier;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;

/**
 * Publishes outcomes and completes once Kafka has acknowledged every record of one: a prediction (plus its copy
 * on {@link Topics#REVIEW} when routed there) or a dead letter. Only then may the image's offset be committed.
 * The {@link ColdStartPreview} has one of its own for its review items, which go on {@link Topics#REVIEW} alone.
 *
 * <p>vertx-kafka-client's {@link KafkaWriteStream} calls the producer from a serial worker context, because
 * {@code send} may block for metadata or buffer space, and completes on the caller's context; records are sent
 * in call order, so outcomes released in partition order are published in that order. A send that fails after
 * the producer's own retries (the broker was away for its whole delivery timeout) is sent again after a pause:
 * the image is not done until its outcome is in Kafka.
 */
final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final KafkaWriteStream<String, byte[]> stream;
    private final KafkaClientMetrics clientMetrics;
    private volatile boolean closing;

    private Publisher(Vertx vertx, KafkaProducer<String, byte[]> producer, MeterRegistry registry) {
        this.vertx = vertx;
        this.stream = KafkaWriteStream.create(vertx, producer);
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    /** Creates the producer on a worker, as its constructor resolves addresses; completes on the caller's context. */
    static Future<Publisher> open(Vertx vertx, TrapstreamConfig config, String clientId, MeterRegistry registry) {
        Map<String, Object> props = new HashMap<>(KafkaClients.producer(config, clientId));
        // Outcomes are small and each offset commit waits for their acknowledgement: send at once (~5 ms p50).
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return vertx.executeBlocking(() -> new KafkaProducer<String, byte[]>(props))
            .map(producer -> new Publisher(vertx, producer, registry));
    }

    Future<Void> publish(Outcome outcome) {
        if (outcome instanceof Outcome.Predicted predicted) {
            return publish(predicted.prediction());
        }
        return send(((Outcome.Rejected) outcome).deadLetter().toProducerRecord()).mapEmpty();
    }

    /** A review item that is not a prediction (see {@link Prediction#awaitingModel}): not on the predictions topic. */
    Future<Void> review(Prediction item) {
        return send(new ProducerRecord<>(Topics.REVIEW, item.imageId(), item.toJson().toBuffer().getBytes())).mapEmpty();
    }

    private Future<Void> publish(Prediction prediction) {
        byte[] json = prediction.toJson().toBuffer().getBytes();
        Future<RecordMetadata> published = send(new ProducerRecord<>(Topics.PREDICTIONS, prediction.imageId(), json));
        if (!prediction.review().routed()) {
            return published.mapEmpty();
        }
        Future<RecordMetadata> reviewed = send(new ProducerRecord<>(Topics.REVIEW, prediction.imageId(), json));
        return Future.all(published, reviewed).mapEmpty();
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return stream.send(record).recover(failure -> {
            if (closing) {
                return Future.failedFuture(failure);
            }
            LOG.warn("Publishing {} of image {} failed ({}); retrying in {} ms", record.topic(), record.key(),
                failure.toString(), RETRY_PAUSE.toMillis());
            return vertx.timer(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS).compose(ignored -> send(record));
        });
    }

    /** Flushes what was sent and closes the producer; outcomes published later fail. */
    Future<Void> close() {
        closing = true;
        clientMetrics.close();
        return stream.close();
    }
}
