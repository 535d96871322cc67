package io.streamcast.serde;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The schema ids a registry answered it does not know, each remembered for {@code missing.id.cache.ttl.sec} after
 * the answer, so that a flood of records naming such an id costs one call per id and period rather than one per
 * record. Only for a while: ids are assigned when a schema is registered, so an id unknown now may be known later (a
 * schema registered after its records were written, a registry replica that had not yet read the registration).
 * Bounded: past {@link #CAPACITY} ids, the one remembered longest is forgotten. Safe for concurrent use.
 */
final class UnknownSchemaIds {

    /**
     * As many ids as Confluent's client remembers as missing by default ({@code missing.cache.size}), at a few hundred
     * bytes each (mostly the registry's message; the exception, with its stack trace, is not kept). More distinct
     * unknown ids than that within the period cost a call each again, as every unknown id did before.
     */
    static final int CAPACITY = 10_000;

    private final long ttlMillis;
    private final int capacity;
    private final LongSupplier clock;
    /** In the order answered: the first is the one to forget when full. */
    private final Map<Integer, Answer> answers = new LinkedHashMap<>();

    /** @param clock milliseconds of the wall clock, so that a refusal can say when the registry was asked */
    UnknownSchemaIds(Duration ttl, int capacity, LongSupplier clock) {
        this.ttlMillis = ttl.toMillis();
        this.capacity = capacity;
        this.clock = clock;
    }

    static UnknownSchemaIds fromConfig(SchemaRegistryConfig config) {
        return new UnknownSchemaIds(config.missingIdCacheTtl(), CAPACITY, System::currentTimeMillis);
    }

    /**
     * Remembers the registry's not-found answer {@code notFound} for {@code id} and returns the failure to report
     * for it: the answer, and from when the registry is asked again.
     */
    synchronized SchemaRegistryException remember(int id, SchemaRegistryException notFound) {
        if (ttlMillis == 0) {
            return notFound;
        }
        Answer answer = new Answer(notFound.getMessage(), notFound.httpStatus(), notFound.errorCode(),
                clock.getAsLong());
        // an id asked about again by a thread that missed the answer moves to the end
        answers.remove(id);
        answers.put(id, answer);
        if (answers.size() > capacity) {
            answers.remove(answers.keySet().iterator().next());
        }
        return new SchemaRegistryException(notFound.getMessage() + " (remembered: " + answer.askedAgain(id, ttlMillis)
                + ")", notFound.httpStatus(), notFound.errorCode(), notFound);
    }

    /** The remembered not-found answer for {@code id} as a failure, or null when the registry is to be asked. */
    synchronized SchemaRegistryException refusal(int id) {
        Answer answer = answers.get(id);
        if (answer == null) {
            return null;
        }
        long age = clock.getAsLong() - answer.askedMillis();
        // a wall clock set back by more than its age does not make the answer last longer
        if (age < 0 || age >= ttlMillis) {
            answers.remove(id);
            return null;
        }
        return new SchemaRegistryException("The schema registry did not know schema id " + id + " as of "
                + Instant.ofEpochMilli(answer.askedMillis()) + ", when it was last asked: " + answer.message() + "; "
                + answer.askedAgain(id, ttlMillis), answer.httpStatus(), answer.errorCode());
    }

    private record Answer(String message, int httpStatus, int errorCode, long askedMillis) {

        String askedAgain(int id, long ttlMillis) {
            return "the registry is asked about schema id " + id + " again from "
                    + Instant.ofEpochMilli(askedMillis + ttlMillis) + ", "
                    + SchemaRegistryConfig.MISSING_ID_CACHE_TTL_SEC_CONFIG + " (" + ttlMillis / 1000
                    + " s) after that answer";
        }
    }
}
