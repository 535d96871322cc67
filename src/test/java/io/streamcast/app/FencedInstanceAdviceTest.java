package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

class FencedInstanceAdviceTest {

    @Test
    void shouldAdviseARestartWhenTheCoordinatorFencedTheInstanceId() {
        assertThat(FencedInstanceAdvice.adviceOn(new FencedInstanceIdException("The broker rejected this static"
                + " consumer since another consumer with the same group.instance.id has registered with a different"
                + " member.id.")))
                .startsWith(" The group coordinator holds this instance's group.instance.id for another member id")
                .contains("A restart of this instance takes the id back at once");
    }

    @Test
    void shouldSayNothingOfAnyOtherError() {
        assertThat(FencedInstanceAdvice.adviceOn(new UnknownMemberIdException("unknown member"))).isEmpty();
        assertThat(FencedInstanceAdvice.adviceOn(new IllegalStateException("fenced"))).isEmpty();
    }
}
