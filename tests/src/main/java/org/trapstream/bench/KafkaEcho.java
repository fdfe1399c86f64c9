package org.trapstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.ConsumerLoop;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.common.kafka.Reading;

/**
 * Stands where the classifier stands, with its Kafka settings and its {@link ConsumerLoop}, and does only what
 * no classifier can skip: consume each image record, read its headers, publish a prediction-sized record (a
 * {@link Prediction#awaitingModel} item) keyed by the image id, commit once Kafka has it. Its cost is the
 * pipeline's Kafka cost.
 */
final class KafkaEcho implements AutoCloseable {

    private static final String NAME = "bench-echo";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Lets the answers sent so far be acknowledged and committed, so the next echo in the group starts after them. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;
    private final ConsumerLoop loop;

    KafkaEcho(TrapstreamConfig config, Context context) {
        Map<String, Object> producerProps = new HashMap<>(KafkaClients.producer(config, NAME));
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // as the classifier sends predictions
        this.producer = new KafkaProducer<>(producerProps);
        this.loop = ConsumerLoop.builder(config, NAME, Reading.asMemberOf(NAME, Topics.IMAGES))
            .handleAsync(context, this::answer);
        Futures.await(loop.start(), TIMEOUT);
    }

    private Future<Void> answer(ConsumerRecord<String, byte[]> record) {
        ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
        Prediction answer = Prediction.awaitingModel(image.imageId(), image.cameraId(), image.capturedAt(),
            Instant.now());
        Promise<Void> acknowledged = Promise.promise();
        producer.send(new ProducerRecord<>(Topics.PREDICTIONS, image.imageId(), answer.toJson().toBuffer().getBytes()),
            (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete();
                } else {
                    acknowledged.fail(failure);
                }
            });
        return acknowledged.future();
    }

    @Override
    public void close() {
        Futures.await(loop.stop(DRAIN), TIMEOUT);
        producer.close(Duration.ofSeconds(10));
        if (!loop.healthy()) {
            throw new IllegalStateException("The Kafka echo failed; the log says why");
        }
    }
}
