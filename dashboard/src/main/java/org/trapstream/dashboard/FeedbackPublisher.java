package org.trapstream.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Feedback;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;

/** Owns the producer of {@link Topics#FEEDBACK}: labels go out keyed by image id, so the last label per image wins. */
final class FeedbackPublisher extends VerticleBase {

    private final TrapstreamConfig config;
    private KafkaProducer<String, byte[]> producer;

    FeedbackPublisher(TrapstreamConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, KafkaClients.producer(config, "trapstream-dashboard-feedback"));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return producer.close();
    }

    /** Completes once every in-sync replica has the record (the producer waits for acks=all). */
    Future<Feedback> publish(Feedback feedback) {
        return producer
            .send(KafkaProducerRecord.create(Topics.FEEDBACK, feedback.imageId(), feedback.toJson().toBuffer().getBytes()))
            .map(metadata -> feedback);
    }
}
