package io.streamcast.testing.kafka;

import io.streamcast.stream.StreamcastTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.assignment.ApplicationState;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsState;
import org.apache.kafka.streams.processor.assignment.ProcessId;
import org.apache.kafka.streams.processor.assignment.TaskAssignor;
import org.apache.kafka.streams.processor.assignment.TaskInfo;

/**
 * A task assignor ({@code task.assignor.class}) for tests that need the trainer's task to move between running
 * instances in a rebalance: it goes to the instance whose client tag {@link #RANK_TAG} is highest (untagged counts as
 * 0), so starting an instance of a higher rank moves it there while the others run on; every other task goes round
 * the instances in turn. Kafka Streams' own assignor moves a stateful task only when it sees fit.
 */
public final class TrainerPlacement implements TaskAssignor {

    public static final String RANK_TAG = "trainer.rank";

    /** The settings an instance of {@code rank} starts with. */
    public static Map<String, Object> settings(int rank) {
        return Map.of(StreamsConfig.TASK_ASSIGNOR_CLASS_CONFIG, TrainerPlacement.class.getName(),
                StreamsConfig.clientTagPrefix(RANK_TAG), Integer.toString(rank));
    }

    @Override
    public TaskAssignment assign(ApplicationState application) {
        Map<ProcessId, KafkaStreamsState> clients = application.kafkaStreamsStates(false);
        List<ProcessId> ids = new ArrayList<>(clients.keySet());
        ids.sort(Comparator.comparing(ProcessId::id));
        ProcessId trainerHome = ids.stream()
                .max(Comparator.comparingInt(id -> rank(clients.get(id))))
                .orElseThrow();
        Map<ProcessId, KafkaStreamsAssignment> assignments = new LinkedHashMap<>();
        ids.forEach(id -> assignments.put(id, KafkaStreamsAssignment.of(id, new HashSet<>())));
        List<TaskInfo> tasks = new ArrayList<>(application.allTasks().values());
        tasks.sort(Comparator.comparing(TaskInfo::id));
        int next = 0;
        for (TaskInfo task : tasks) {
            ProcessId to = task.stateStoreNames().contains(StreamcastTopology.TRAINER_PROGRESS_STORE)
                    ? trainerHome : ids.get(next++ % ids.size());
            assignments.get(to).assignTask(active(task.id()));
        }
        return new TaskAssignment(assignments.values());
    }

    private static KafkaStreamsAssignment.AssignedTask active(TaskId id) {
        return new KafkaStreamsAssignment.AssignedTask(id, KafkaStreamsAssignment.AssignedTask.Type.ACTIVE);
    }

    private static int rank(KafkaStreamsState client) {
        return Integer.parseInt(client.clientTags().getOrDefault(RANK_TAG, "0"));
    }
}
