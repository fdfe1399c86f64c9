package org.nd4j.nativeblas;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Compatibility shim that lets DL4J 1.0.0-M2.1 find oneDNN. Not ND4J's class: Trapstream's.
 *
 * <p>M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} asks, by reflection, for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. The same release moved that
 * binding to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed the method
 * {@code isUseONEDNN()}, so the lookup fails, every convolution, pooling and batch-norm layer silently falls
 * back to the built-in path, and CPU convolutions run 3-8x slower. This class restores the old name and
 * delegates to the new one. It looks the new class up by reflection too, so the module still compiles with
 * the CUDA backend, where DL4J never asks for oneDNN; there it answers {@code false}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The one method DL4J calls, on the one instance it asks for. */
    public static final class Environment {

        private static final String NATIVE_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether ND4J's native CPU library was built with oneDNN and has it switched on. */
        public boolean isUseMKLDNN() {
            MethodHandle isUseOneDnn = NativeLookup.IS_USE_ONEDNN;
            if (isUseOneDnn == null) {
                return false;
            }
            try {
                return (boolean) isUseOneDnn.invoke();
            } catch (Throwable e) {
                return false;
            }
        }

        /** Resolved once, on first use: by then ND4J has loaded its native library. */
        private static final class NativeLookup {
            static final MethodHandle IS_USE_ONEDNN = find();

            private static MethodHandle find() {
                try {
                    Class<?> environment = Class.forName(NATIVE_ENVIRONMENT);
                    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                    MethodHandle getInstance = lookup.findStatic(environment, "getInstance", MethodType.methodType(environment));
                    MethodHandle isUse = lookup.findVirtual(environment, "isUseONEDNN", MethodType.methodType(boolean.class));
                    return MethodHandles.filterReturnValue(getInstance, isUse);
                } catch (ReflectiveOperationException | LinkageError e) {
                    return null;
                }
            }
        }
    }
}
