package io.streamcast.stream;

import java.security.SecureRandom;

/**
 * A number drawn at random as an instance is built, naming this life of it in the training rounds its trainer starts.
 * Kafka Streams revives a task in the same instance (a corrupted task, a fenced producer) from its changelog, which
 * holds the round as started and never ended whether the process stopped in it or not; a round the changelog names
 * this life as the starter of was cut short with the process alive, since the process that draws a new number is a
 * new one. Drawn per instance rather than per JVM, so that instances sharing a JVM (tests, {@code demo}) tell each
 * other's rounds apart as separate processes would, and a round is never taken for this instance's unless it was.
 *
 * @param id never 0, which a progress store without the record reads as
 */
record InstanceLife(long id) {

    private static final SecureRandom RANDOM = new SecureRandom();

    InstanceLife {
        if (id == 0) {
            throw new IllegalArgumentException("an instance life is never 0");
        }
    }

    static InstanceLife drawn() {
        long id;
        do {
            id = RANDOM.nextLong();
        } while (id == 0);
        return new InstanceLife(id);
    }
}
