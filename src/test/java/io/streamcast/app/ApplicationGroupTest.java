package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A group the coordinator will not describe to this user (its ACLs grant no DESCRIBE), or does not describe in time:
 * the start-up checks that read it only add a guard, so the start goes on, warned of, where a failed read must not end
 * it.
 */
class ApplicationGroupTest {

    @TempDir
    Path dir;

    /** An admin client whose descriptions of a group, of either kind, fail with {@code failure}. */
    private static Admin failing(RuntimeException failure) {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    String group = ((Collection<?>) args[0]).iterator().next().toString();
                    return switch (method.getName()) {
                        case "describeConsumerGroups" ->
                                new DescribeConsumerGroupsResult(Map.of(group, failed(failure)));
                        case "describeStreamsGroups" ->
                                new DescribeStreamsGroupsResult(Map.of(group, failed(failure)));
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static <T> KafkaFuture<T> failed(RuntimeException failure) {
        KafkaFutureImpl<T> future = new KafkaFutureImpl<>();
        future.completeExceptionally(failure);
        return future;
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "streams"})
    void shouldPassAGroupThatCannotBeDescribed(String protocol) {
        Map<String, Object> settings = TestSettings.checkedBeforeTheRegistry("127.0.0.1:1", dir, "unread");
        settings.put("group.protocol", protocol);
        StreamcastConfig config = new StreamcastConfig(settings);

        assertThat(ApplicationGroup.read(failing(new GroupAuthorizationException("Not authorized")), config))
                .isEmpty();
        assertThat(ApplicationGroup.read(failing(new TimeoutException("Timed out waiting")), config)).isEmpty();
    }
}
