package org.trapstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;

/**
 * Stands where the classifier stands, with its Kafka settings, and does only what no classifier can skip:
 * consume each image record, read its headers, publish a prediction-sized record (a {@link
 * Prediction#awaitingModel} item) keyed by the image id, commit. Its cost is the pipeline's Kafka cost.
 */
final class KafkaEcho implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile RuntimeException failure;

    KafkaEcho(TrapstreamConfig config) {
        this.consumer = new KafkaConsumer<>(new HashMap<String, Object>(
            KafkaClients.consumer(config, "bench-echo", "bench-echo")));
        Map<String, Object> producerProps = new HashMap<>(KafkaClients.producer(config, "bench-echo"));
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // as the classifier sends predictions
        this.producer = new KafkaProducer<>(producerProps);
        consumer.subscribe(List.of(Topics.IMAGES));
        this.thread = new Thread(this::run, "bench-echo");
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
                    Prediction answer = Prediction.awaitingModel(image.imageId(), image.cameraId(),
                        image.capturedAt(), Instant.now());
                    producer.send(new ProducerRecord<>(Topics.PREDICTIONS, image.imageId(),
                        answer.toJson().toBuffer().getBytes()));
                }
                consumer.commitAsync();
            }
        } catch (WakeupException e) {
            consumer.commitSync(); // close() asked: the next echo in the group starts after this one's records
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        Timing.join(thread);
        producer.close(Duration.ofSeconds(10));
        if (failure != null) {
            throw new IllegalStateException("The Kafka echo failed: " + failure, failure);
        }
    }
}
