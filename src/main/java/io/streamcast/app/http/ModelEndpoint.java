package io.streamcast.app.http;

import io.streamcast.app.ops.HealthCheck;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.schema.TrainingReport;
import io.streamcast.stream.ModelCatalog;
import io.streamcast.training.ModelChoices;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /model}: the model version this instance uses, its shape, input spec (with the calendar inputs and value
 * transform the trainer chose) and training report; or, before the first version arrives, the fallback and the
 * configured input spec, where a choice left to the trainer reads {@code AUTO}. Every instance reads the same models
 * topic, so every instance gives the same answer once it has caught up with it.
 */
final class ModelEndpoint {

    private final ModelCatalog models;
    private final InputSpec configuredSpec;
    private final ModelChoices choices;

    /** @param choices what the trainer may choose, which the configured spec holds only as a placeholder */
    ModelEndpoint(ModelCatalog models, InputSpec configuredSpec, ModelChoices choices) {
        this.models = models;
        this.configuredSpec = configuredSpec;
        this.choices = choices;
    }

    Response get() {
        return Response.json(200, body());
    }

    ModelBody body() {
        ForecastModel model = models.current();
        if (model == null) {
            return new ModelBody(models.modelName(), HealthCheck.FALLBACK, 0, null, null,
                    Spec.configured(configuredSpec, choices), null, models.refusedCount());
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

    /**
     * @param calendarFeatures the calendar inputs, as {@code calendar.features} spells them: empty for none,
     *                         {@code [AUTO]} while the trainer has yet to choose
     * @param valueTransform   the transform of the values, {@code AUTO} while the trainer has yet to choose
     */
    record Spec(int valueDimension, int[] forecastIndices, int horizon, List<String> calendarFeatures,
                String valueTransform, double scalerDecay) {

        static Spec of(InputSpec spec) {
            return new Spec(spec.valueDimension(), spec.forecastIndices(), spec.horizon(), names(spec),
                    spec.transform().name(), spec.scalerDecay());
        }

        /**
         * The configured spec, which holds no calendar input and no transform where the trainer chooses them: shown
         * as such it would claim a choice (none) that nobody made.
         */
        static Spec configured(InputSpec spec, ModelChoices choices) {
            return new Spec(spec.valueDimension(), spec.forecastIndices(), spec.horizon(),
                    choices.calendarOptions().isEmpty() ? names(spec) : List.of(StreamcastConfig.AUTO),
                    choices.transforms().isEmpty() ? spec.transform().name() : StreamcastConfig.AUTO,
                    spec.scalerDecay());
        }

        private static List<String> names(InputSpec spec) {
            return spec.calendarFeatures().stream().map(Enum::name).toList();
        }
    }

    /**
     * @param trainLoss the report's, or null where it is not finite (a model published from elsewhere can carry such):
     *                  JSON has no NaN, and Jackson wrote it as a string; the validation losses alike
     */
    record Training(Double trainLoss, Double validationLoss, long championVersion, Double championValidationLoss,
                    long samples, int epochs, long durationMs, Map<String, String> hyperparameters) {

        static Training of(TrainingReport report) {
            if (report == null) {
                return null;
            }
            return new Training(FiniteNumbers.finite(report.getTrainLoss()),
                    FiniteNumbers.finite(report.getValidationLoss()), report.getChampionVersion(),
                    FiniteNumbers.finite(report.getChampionValidationLoss()), report.getSamples(), report.getEpochs(),
                    report.getDurationMs(), Map.copyOf(report.getHyperparameters()));
        }
    }
}
