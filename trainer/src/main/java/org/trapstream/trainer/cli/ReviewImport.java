package org.trapstream.trainer.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.LabelName;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.KafkaClients;
import org.trapstream.trainer.dataset.DatasetImages;
import org.trapstream.trainer.dataset.MegaDetectorImport;

/**
 * Puts another tool's classifications up for review: each image goes into the image store ({@link DatasetImages}),
 * and what the tool said it shows goes to {@link Topics#REVIEW} as a prediction of model version the tool's name,
 * with review reason {@link Prediction.Review#IMPORTED}, so labelers confirm or correct it like any uncertain
 * prediction. Every prediction is built before the first is sent; the command then waits for Kafka to acknowledge
 * each. Blocking; an operator's command, run with the operator's Kafka credentials, never the trainer role's.
 */
final class ReviewImport {

    /** Predictions published, and images left out by reason. */
    record Result(int published, Map<String, Integer> skipped) {
    }

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private ReviewImport() {
    }

    static Result publish(TrapstreamConfig config, MegaDetectorImport results, DatasetImages images) {
        Map<String, Integer> skipped = new TreeMap<>(results.skipped());
        Instant now = Instant.now();
        List<Prediction> predictions = new ArrayList<>();
        for (MegaDetectorImport.Found found : results.images()) {
            if (!LabelName.isValid(found.label())) {
                skipped.merge("invalid_label", 1, Integer::sum);
                continue;
            }
            Optional<String> id = images.add(found.file(), skipped);
            id.ifPresent(imageId -> predictions.add(new Prediction(imageId, found.camera(), null, results.tool(),
                found.label(), found.confidence(),
                found.scores().stream().filter(score -> LabelName.isValid(score.label())).toList(), Double.NaN,
                false, false, new Prediction.Review(true, List.of(Prediction.Review.IMPORTED)),
                new Prediction.Timings(0, 0, 0, 0), now)));
        }
        send(config, predictions);
        return new Result(predictions.size(), skipped);
    }

    private static void send(TrapstreamConfig config, List<Prediction> predictions) {
        Map<String, Object> props = new HashMap<>(KafkaClients.producer(config, "trapstream-labels-import"));
        int acknowledged = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Prediction prediction : predictions) {
                sent.add(producer.send(new ProducerRecord<>(Topics.REVIEW, prediction.imageId(),
                    prediction.toJson().encode().getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                acknowledged++;
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka acknowledged " + acknowledged + " of " + predictions.size()
                + " predictions for review, then: " + e.getMessage()
                + " (importing again sends them all again: a review item only repeats)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing predictions for review", e);
        }
    }
}
