package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.trapstream.serving.engine.ConformanceTable.Outcome;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * ONNX Runtime, with the session options {@link OnnxEngine} uses, against ONNX's own backend test data (Debian's
 * {@code libonnx-testdata}, ONNX 1.12): every node test of every operator the target networks are made of, and
 * every model of the PyTorch exporter's suites. One dynamic test per case, so that a failure names the case; the
 * per-operator table goes to {@code target/onnx-conformance.md} and to standard output.
 */
class OnnxConformanceTest {

    private static final Path TEST_DATA = Path.of("/usr/share/libonnx-testdata/data");
    private static final Path REPORT = Path.of("target", "onnx-conformance.md");

    /**
     * The operators of the target networks. Derived by exporting torchvision 0.14's resnet50, mobilenet_v3_large
     * and efficientnet_b0 (weights=None, eval mode; torch 1.13, opset 13, dynamic batch axis) and listing their
     * graphs' op types: resnet50 has Conv, Relu, MaxPool, Add, GlobalAveragePool, Flatten, Gemm, Identity;
     * mobilenet_v3_large adds HardSigmoid and Mul (opset 13 has no HardSwish); efficientnet_b0 adds Sigmoid (with
     * Mul, for SiLU). The rest come from the project's list of what exports of these architectures may contain
     * (BatchNormalization left unfused, Clip for ReLU6, HardSwish from opset 14, AveragePool, MatMul, Reshape,
     * Concat, Softmax, Pad, Transpose); the exported graphs added Identity to that list.
     */
    private static final List<String> OPERATORS = List.of(
        "Conv", "BatchNormalization", "Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Mul", "Add",
        "GlobalAveragePool", "AveragePool", "MaxPool", "Gemm", "MatMul", "Flatten", "Reshape", "Concat", "Softmax",
        "Pad", "Transpose", "Identity");

    /** The whole of these suites runs, whatever operators their models use. */
    private static final List<String> PYTORCH_SUITES = List.of("pytorch-converted", "pytorch-operator");

    /** Why ONNX Runtime fails a case, and words its failure must contain so that no other failure passes for it. */
    private record Deviation(String reason, String symptom) {
    }

    private static final Deviation NO_UINT8_KERNEL = new Deviation("ONNX Runtime 1.20's CPU provider has no uint8"
        + " kernel for Add or Mul (opset 14 added the type); ONNX's own ONNX Runtime backend run excludes these cases",
        "Could not find an implementation");

    private static final Deviation BELOW_OPSET_7 = new Deviation("exported at opset 6, and ONNX Runtime supports"
        + " opset 7 up (onnxruntime.ai/docs/reference/compatibility.html): it has no kernel for this operator's"
        + " opset-6 version; ONNX's own ONNX Runtime backend run excludes these cases for the same error",
        "Could not find an implementation");

    /**
     * The cases ONNX Runtime is known to fail, each asserted to still fail with its symptom, so that a case fixed
     * by an upgrade has to come off the list. No case is here for a numeric difference.
     */
    private static final Map<String, Deviation> EXPECTED_DEVIATIONS = new TreeMap<>();

    static {
        expect(NO_UINT8_KERNEL, "test_add_uint8", "test_mul_uint8");
        expect(BELOW_OPSET_7,
            "test_AvgPool1d", "test_AvgPool1d_stride", "test_AvgPool2d", "test_AvgPool2d_stride", "test_AvgPool3d",
            "test_AvgPool3d_stride", "test_AvgPool3d_stride1_pad0_gpu_input",
            "test_BatchNorm1d_3d_input_eval", "test_BatchNorm2d_eval", "test_BatchNorm2d_momentum_eval",
            "test_BatchNorm3d_eval", "test_BatchNorm3d_momentum_eval",
            "test_GLU", "test_GLU_dim", "test_Linear", "test_PoissonNLLLLoss_no_reduce", "test_Softsign",
            "test_PReLU_1d", "test_PReLU_1d_multiparam", "test_PReLU_2d", "test_PReLU_2d_multiparam",
            "test_PReLU_3d", "test_PReLU_3d_multiparam",
            "test_operator_add_broadcast", "test_operator_add_size1_broadcast",
            "test_operator_add_size1_right_broadcast", "test_operator_add_size1_singleton_broadcast",
            "test_operator_addconstant", "test_operator_addmm", "test_operator_basic", "test_operator_mm",
            "test_operator_non_float_params", "test_operator_params", "test_operator_pow");
    }

    /**
     * ONNX's own backend test runner's defaults (rtol 1e-3, atol 1e-7, numpy's allclose rule): every selected case
     * passes within them, so nothing looser is needed.
     */
    private static final Tolerance TOLERANCE = new Tolerance(1e-3, 1e-7);

    private static final ConformanceTable TABLE = new ConformanceTable("ONNX Runtime "
        + OrtEnvironment.getEnvironment().getVersion() + " (CPU, OnnxEngine.options(1, false)) on ONNX 1.12's"
        + " backend test data; floats within " + TOLERANCE + ", integers and bool exact.");

    private static BackendTestRunner runner;
    /** Each selected node test, with the target operators its graph applies. */
    private static Map<BackendTestCase, Set<String>> nodeTests;
    private static Map<String, List<BackendTestCase>> nodeTestsByOperator;
    private static Map<String, List<BackendTestCase>> pytorchSuites;

    @BeforeAll
    static void selectCases() throws IOException {
        assumeTrue(Files.isDirectory(TEST_DATA), TEST_DATA + " is absent: install Debian's libonnx-testdata");
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the tensors are read little-endian");
        runner = new BackendTestRunner(OrtEnvironment.getEnvironment(), TOLERANCE);

        nodeTests = new LinkedHashMap<>();
        nodeTestsByOperator = new LinkedHashMap<>();
        OPERATORS.forEach(operator -> nodeTestsByOperator.put(operator, new ArrayList<>()));
        for (BackendTestCase testCase : BackendTestCase.in(TEST_DATA.resolve("node"))) {
            Set<String> operators = ModelGraph.read(testCase.model()).operators();
            operators.retainAll(OPERATORS);
            if (!operators.isEmpty()) {
                nodeTests.put(testCase, operators);
                operators.forEach(operator -> nodeTestsByOperator.get(operator).add(testCase));
            }
        }
        ConformanceTable.Section byOperator = TABLE.section("ONNX node tests, by operator", "Operator");
        nodeTestsByOperator.forEach(byOperator::row);

        pytorchSuites = new TreeMap<>();
        for (String suite : PYTORCH_SUITES) {
            pytorchSuites.put(suite, BackendTestCase.in(TEST_DATA.resolve(suite)));
        }
        ConformanceTable.Section bySuite = TABLE.section("Models exported from PyTorch", "Suite");
        pytorchSuites.forEach(bySuite::row);
    }

    @AfterAll
    static void publishTable() throws IOException {
        if (!TABLE.isEmpty()) {
            String markdown = TABLE.markdown();
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, markdown);
            System.out.println(markdown);
        }
    }

    @Test
    void everyTargetOperatorHasNodeTests() {
        nodeTestsByOperator.forEach((operator, cases) ->
            assertFalse(cases.isEmpty(), "no node test applies " + operator + ": is it spelt as ONNX spells it?"));
    }

    @Test
    void everyExpectedDeviationIsARunCase() {
        Stream<BackendTestCase> run = Stream.concat(nodeTests.keySet().stream(),
            pytorchSuites.values().stream().flatMap(List::stream));
        Set<String> names = Set.copyOf(run.map(BackendTestCase::name).toList());
        EXPECTED_DEVIATIONS.keySet().forEach(name ->
            assertTrue(names.contains(name), name + " is listed as a deviation but is not run"));
    }

    @TestFactory
    Stream<DynamicTest> nodeTestsOfTheTargetOperators() {
        return nodeTests.entrySet().stream().map(selected -> dynamicTest(
            selected.getKey().name() + " " + selected.getValue(), () -> check(selected.getKey())));
    }

    @TestFactory
    Stream<DynamicTest> modelsExportedFromPyTorch() {
        return pytorchSuites.values().stream().flatMap(List::stream)
            .map(testCase -> dynamicTest(testCase.toString(), () -> check(testCase)));
    }

    /** Runs a case and records how it came out; an expected deviation passes only by failing as expected. */
    private static void check(BackendTestCase testCase) {
        Deviation deviation = EXPECTED_DEVIATIONS.get(testCase.name());
        try {
            runner.run(testCase);
        } catch (UnsupportedCaseException e) {
            TABLE.record(testCase, Outcome.UNSUPPORTED);
            abort(testCase + ": " + e.getMessage());
        } catch (Exception | AssertionError e) {
            if (deviation != null && String.valueOf(e.getMessage()).contains(deviation.symptom())) {
                TABLE.record(testCase, Outcome.EXPECTED_DEVIATION);
                return;
            }
            TABLE.record(testCase, Outcome.FAILED);
            throw new AssertionError(testCase + ": " + e.getMessage(), e);
        }
        TABLE.record(testCase, deviation == null ? Outcome.PASSED : Outcome.FAILED);
        if (deviation != null) {
            fail(testCase + " passes, yet is listed as an expected deviation (" + deviation.reason()
                + "): take it off the list");
        }
    }

    private static void expect(Deviation deviation, String... cases) {
        for (String name : cases) {
            EXPECTED_DEVIATIONS.put(name, deviation);
        }
    }
}
