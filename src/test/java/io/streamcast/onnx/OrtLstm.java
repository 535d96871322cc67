package io.streamcast.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.streamcast.lstm.LstmModel;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/** ONNX Runtime running the exported graph of a model, one step or one whole sequence at a time, batch 1. */
public final class OrtLstm implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final LstmModel model;
    private final OrtSession session;

    public OrtLstm(LstmModel model) throws OrtException {
        this.model = model;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(OnnxExport.toBytes(model), options);
        }
    }

    public OrtSession session() {
        return session;
    }

    /**
     * Runs {@code steps} inputs from {@code state} (laid out as {@link LstmModel#stateSize()}), writes the
     * outputs and leaves the final state in {@code state}.
     */
    public void run(float[] state, float[] inputs, int steps, float[] outputs) throws OrtException {
        Map<String, OnnxTensor> feeds = feeds(state, inputs, steps);
        try (OrtSession.Result result = session.run(feeds)) {
            float[][][] y = (float[][][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
            for (int t = 0; t < steps; t++) {
                System.arraycopy(y[t][0], 0, outputs, t * model.outputSize(), model.outputSize());
            }
            int h = model.hiddenSize();
            for (int l = 0; l < model.layers(); l++) {
                float[][][] hidden = (float[][][]) result.get(OnnxExport.finalH(l)).orElseThrow().getValue();
                float[][][] cell = (float[][][]) result.get(OnnxExport.finalC(l)).orElseThrow().getValue();
                System.arraycopy(hidden[0][0], 0, state, 2 * l * h, h);
                System.arraycopy(cell[0][0], 0, state, 2 * l * h + h, h);
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** The graph's inputs for a run of {@code steps} from {@code state}; the caller closes them. */
    public Map<String, OnnxTensor> feeds(float[] state, float[] inputs, int steps) throws OrtException {
        int h = model.hiddenSize();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        feeds.put(OnnxExport.INPUT, OnnxTensor.createTensor(environment,
                FloatBuffer.wrap(inputs, 0, steps * model.inputSize()), new long[] {steps, 1, model.inputSize()}));
        for (int l = 0; l < model.layers(); l++) {
            feeds.put(OnnxExport.initialH(l), OnnxTensor.createTensor(environment,
                    FloatBuffer.wrap(state, 2 * l * h, h).slice(), new long[] {1, 1, h}));
            feeds.put(OnnxExport.initialC(l), OnnxTensor.createTensor(environment,
                    FloatBuffer.wrap(state, 2 * l * h + h, h).slice(), new long[] {1, 1, h}));
        }
        return feeds;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
