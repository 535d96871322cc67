package io.streamcast.app.http;

import io.streamcast.app.ops.ActivitySampler;
import io.streamcast.recent.RecentActivity;
import io.streamcast.stream.TrainingHistory;

/**
 * What the web console shows besides the key states and the model: this instance's recent predictions and
 * anomalies, its sampled counts, and the training history every instance reads.
 */
public record ConsoleData(RecentActivity recent, ActivitySampler activity, TrainingRounds training) {

    public ConsoleData(RecentActivity recent, ActivitySampler activity, TrainingHistory training) {
        this(recent, activity, (TrainingRounds) training::latest);
    }
}
