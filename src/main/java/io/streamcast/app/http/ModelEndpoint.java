package io.streamcast.app.http;

import io.streamcast.app.ops.HealthCheck;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.schema.TrainingReport;
import io.streamcast.stream.ModelCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /model}: the model version this instance uses, its shape, input spec and training report; or, before
 * the first version arrives, the fallback and the configured input spec. Every instance reads the same models
 * topic, so every instance gives the same answer once it has caught up with it.
 */
final class ModelEndpoint {

    private final ModelCatalog models;
    private final InputSpec configuredSpec;

    ModelEndpoint(ModelCatalog models, InputSpec configuredSpec) {
        this.models = models;
        this.configuredSpec = configuredSpec;
    }

    Response get() {
        return Response.json(200, body());
    }

    ModelBody body() {
        ForecastModel model = models.current();
        if (model == null) {
            return new ModelBody(models.modelName(), HealthCheck.FALLBACK, 0, null, null, Spec.of(configuredSpec),
                    null, models.refusedCount());
        }
        var network = model.network();
        return new ModelBody(model.name(), "model", model.version(),
                Instant.ofEpochMilli(model.createdAtMillis()).toString(),
                new Architecture(network.inputSize(), network.hiddenSize(), network.layers(), network.outputSize(),
                        network.parameterCount()),
                Spec.of(model.spec()), Training.of(model.training()), models.refusedCount());
    }

    /**
     * @param inUse          {@code model}, or the fallback's name while no version is in use
     * @param version        0 while the fallback is in use
     * @param refusedSinceStart model snapshots this instance refused since it started
     */
    record ModelBody(String name, String inUse, long version, String createdAt, Architecture architecture,
                     Spec spec, Training training, long refusedSinceStart) {
    }

    record Architecture(int inputSize, int hiddenSize, int layers, int outputSize, int parameters) {
    }

    record Spec(int valueDimension, int[] forecastIndices, int horizon, List<String> calendarFeatures,
                double scalerDecay) {

        static Spec of(InputSpec spec) {
            return new Spec(spec.valueDimension(), spec.forecastIndices(), spec.horizon(),
                    spec.calendarFeatures().stream().map(Enum::name).toList(), spec.scalerDecay());
        }
    }

    record Training(double trainLoss, double validationLoss, long championVersion, Double championValidationLoss,
                    long samples, int epochs, long durationMs, Map<String, String> hyperparameters) {

        static Training of(TrainingReport report) {
            if (report == null) {
                return null;
            }
            return new Training(report.getTrainLoss(), report.getValidationLoss(), report.getChampionVersion(),
                    report.getChampionValidationLoss(), report.getSamples(), report.getEpochs(),
                    report.getDurationMs(), Map.copyOf(report.getHyperparameters()));
        }
    }
}
