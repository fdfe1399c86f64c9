package org.trapstream.trainer;

import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.contract.Topics;

/**
 * Tells the classifiers which model version serves: a {@link ModelAnnouncement} on the compacted
 * {@link Topics#MODELS}, keyed by model name so the topic keeps the latest version of each model.
 */
public final class ModelAnnouncer {

    private final KafkaProducer<String, byte[]> producer;

    public ModelAnnouncer(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    public Future<Void> announce(ModelAnnouncement announcement) {
        ProducerRecord<String, byte[]> record = announcement.toProducerRecord();
        return producer.send(KafkaProducerRecord.create(record.topic(), record.key(), record.value())).mapEmpty();
    }

    public Future<Void> close() {
        return producer.close();
    }
}
