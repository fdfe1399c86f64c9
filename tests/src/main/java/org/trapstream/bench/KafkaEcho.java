package org.trapstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
final class KafkaEcho extends ConsumerLoop {

    private final KafkaProducer<String, byte[]> producer;

    KafkaEcho(TrapstreamConfig config) {
        super(config, "bench-echo");
        Map<String, Object> producerProps = new HashMap<>(KafkaClients.producer(config, "bench-echo"));
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // as the classifier sends predictions
        this.producer = new KafkaProducer<>(producerProps);
        consumer.subscribe(List.of(Topics.IMAGES));
        start();
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            ImageRecord image = ImageRecord.fromKafka(record.headers(), record.value());
            Prediction answer = Prediction.awaitingModel(image.imageId(), image.cameraId(), image.capturedAt(),
                Instant.now());
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS, image.imageId(),
                answer.toJson().toBuffer().getBytes()));
        }
        consumer.commitAsync();
    }

    /** The next echo in the group starts after this one's records. */
    @Override
    protected void stopped() {
        consumer.commitSync();
    }

    @Override
    public void close() {
        super.close();
        producer.close(Duration.ofSeconds(10));
        if (failure() != null) {
            throw new IllegalStateException("The Kafka echo failed: " + failure(), failure());
        }
    }
}
