package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * Runs a backend test case the way the engine runs a model: a session made with {@link OnnxEngine#options} (one
 * intra-op thread, on the CPU), fed every data set's inputs, every output held to the {@link Tolerance}.
 */
record BackendTestRunner(OrtEnvironment environment, Tolerance tolerance) {

    /** Passes, or throws: an assertion failure for a wrong output, OrtException where ONNX Runtime refuses. */
    void run(BackendTestCase testCase) throws IOException, OrtException, UnsupportedCaseException {
        List<String> nonTensors = ModelGraph.read(testCase.model()).nonTensorValues();
        if (!nonTensors.isEmpty()) {
            throw new UnsupportedCaseException("the graph's " + nonTensors
                + " are not tensors (sequences, maps or optionals), unsupported by the reader");
        }
        try (OrtSession.SessionOptions options = quietOptions();
             OrtSession session = environment.createSession(testCase.model().toString(), options)) {
            List<String> inputs = List.copyOf(session.getInputNames());
            List<String> outputs = List.copyOf(session.getOutputNames());
            List<Path> dataSets = testCase.dataSets();
            if (dataSets.isEmpty()) {
                throw new AssertionError("no test_data_set_N to run");
            }
            for (Path dataSet : dataSets) {
                runDataSet(session, dataSet, inputs, outputs);
            }
        }
    }

    /** The engine's options, logging errors only: ONNX Runtime warns about each of the many opset-6 models. */
    private static OrtSession.SessionOptions quietOptions() throws OrtException {
        OrtSession.SessionOptions options = OnnxEngine.options(1, false);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return options;
    }

    private void runDataSet(OrtSession session, Path dataSet, List<String> inputs, List<String> outputs)
            throws IOException, OrtException, UnsupportedCaseException {
        List<TensorValue> expected = read(BackendTestCase.outputs(dataSet));
        if (expected.isEmpty()) {
            throw new AssertionError(dataSet.getFileName() + " has no output_N.pb to compare with");
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            List<TensorValue> given = read(BackendTestCase.inputs(dataSet));
            for (int i = 0; i < given.size(); i++) {
                String name = bind(given.get(i), i, inputs, "input");
                if (feed.containsKey(name)) {
                    throw new AssertionError(dataSet.getFileName() + ": two inputs for " + name);
                }
                feed.put(name, given.get(i).toOnnx(environment));
            }
            try (OrtSession.Result result = session.run(feed)) {
                for (int i = 0; i < expected.size(); i++) {
                    String name = bind(expected.get(i), i, outputs, "output");
                    OnnxValue value = result.get(name).orElseThrow(() -> new AssertionError(
                        dataSet.getFileName() + ": no output " + name));
                    TensorValue actual = TensorValue.of(name, (OnnxTensor) value);
                    tolerance.mismatch(expected.get(i), actual).ifPresent(mismatch -> {
                        throw new AssertionError(dataSet.getFileName() + ", output " + name + ": " + mismatch);
                    });
                }
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** The value a numbered .pb file stands for: the one it names, if the graph has it, or the one at its position. */
    private static String bind(TensorValue tensor, int position, List<String> names, String kind) {
        if (names.contains(tensor.name())) {
            return tensor.name();
        }
        if (position >= names.size()) {
            throw new AssertionError(kind + "_" + position + ".pb has no " + kind + " to go to: the graph's "
                + kind + "s are " + names);
        }
        return names.get(position);
    }

    private static List<TensorValue> read(List<Path> files) throws IOException, UnsupportedCaseException {
        List<TensorValue> tensors = new ArrayList<>();
        for (Path file : files) {
            tensors.add(TensorProtoReader.read(file));
        }
        return tensors;
    }
}
