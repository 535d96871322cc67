package io.streamcast.predict;

import io.streamcast.lstm.LstmModel;
import io.streamcast.schema.Architecture;
import io.streamcast.schema.ModelSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Converts between {@link ForecastModel} and its Avro form, {@link ModelSnapshot}, exactly. */
public final class ModelSnapshotCodec {

    private ModelSnapshotCodec() {
    }

    public static ModelSnapshot toSnapshot(ForecastModel model) {
        LstmModel network = model.network();
        InputSpec spec = model.spec();
        List<Integer> indices = new ArrayList<>();
        for (int index : spec.forecastIndices()) {
            indices.add(index);
        }
        float[] weights = network.weights();
        ByteBuffer bytes = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(weights);
        return ModelSnapshot.newBuilder()
                .setName(model.name())
                .setVersion(model.version())
                .setCreatedAt(java.time.Instant.ofEpochMilli(model.createdAtMillis()))
                .setSpec(io.streamcast.schema.InputSpec.newBuilder()
                        .setValueDimension(spec.valueDimension())
                        .setForecastIndices(indices)
                        .setHorizon(spec.horizon())
                        .setCalendarFeatures(new ArrayList<>(spec.calendarFeatures()))
                        .setScalerDecay(spec.scalerDecay())
                        .setTransform(spec.transform())
                        .setPredictsSpread(spec.spread())
                        .build())
                .setArchitecture(Architecture.newBuilder()
                        .setInputSize(network.inputSize())
                        .setHiddenSize(network.hiddenSize())
                        .setLayers(network.layers())
                        .setOutputSize(network.outputSize())
                        .build())
                .setWeights(bytes)
                .setTraining(model.training())
                .build();
    }

    /** The model a snapshot describes; refuses inconsistent dimensions and non-finite weights. */
    public static ForecastModel fromSnapshot(ModelSnapshot snapshot) {
        try {
            io.streamcast.schema.InputSpec s = snapshot.getSpec();
            int[] indices = s.getForecastIndices().stream().mapToInt(Integer::intValue).toArray();
            InputSpec spec = new InputSpec(s.getValueDimension(), indices, s.getHorizon(),
                    s.getCalendarFeatures(), s.getScalerDecay(), s.getTransform(), s.getPredictsSpread());
            Architecture a = snapshot.getArchitecture();
            ByteBuffer bytes = snapshot.getWeights().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() % 4 != 0) {
                throw new InvalidModelException("weights are " + bytes.remaining() + " bytes, not whole floats");
            }
            float[] weights = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(weights);
            LstmModel network = LstmModel.of(a.getInputSize(), a.getHiddenSize(), a.getLayers(), a.getOutputSize(),
                    weights);
            return new ForecastModel(snapshot.getName(), snapshot.getVersion(),
                    snapshot.getCreatedAt().toEpochMilli(), spec, network, snapshot.getTraining());
        } catch (InvalidModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidModelException("model " + snapshot.getName() + " version " + snapshot.getVersion()
                    + " is unusable: " + e.getMessage(), e);
        }
    }
}
