/**
 * The trainer's side, free of Kafka: the training windows it keeps per key
 * ({@link io.streamcast.training.TrainingSet}), when a round runs
 * ({@link io.streamcast.training.TrainingSchedule}), and a round itself
 * ({@link io.streamcast.training.TrainingRound}): candidates trained on the oldest windows, stopped early on later
 * ones, and judged against the model in use on the latest, kept apart by a gap. It reads windows as the predictor
 * scaled them ({@link io.streamcast.training.SampleSeries}), so it depends on {@code predict} for how a model reads a
 * key's values, and never the other way round.
 */
package io.streamcast.training;
