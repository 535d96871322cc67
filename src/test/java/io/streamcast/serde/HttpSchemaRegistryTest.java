package io.streamcast.serde;

import static io.streamcast.serde.RegistryTestSupport.fastRetries;
import static io.streamcast.serde.RegistryTestSupport.reading;
import static io.streamcast.serde.RegistryTestSupport.readingWithRequiredField;
import static io.streamcast.serde.RegistryTestSupport.unusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamcast.testing.registry.TestSchemaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against an in-process registry that answers as Confluent's REST API does. */
class HttpSchemaRegistryTest {

    private final TestSchemaRegistry server = TestSchemaRegistry.start();
    private final SchemaRegistry client = SchemaRegistries.create(fastRetries(server.url()));

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldRegisterSchemaUnderSubjectAndReturnItsId() {
        int id = client.register("readings-value", reading(false));

        assertThat(server.requests()).containsExactly("POST /subjects/readings-value/versions");
        assertThat(server.store().latest("readings-value").id()).isEqualTo(id);
        assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
    }

    @Test
    void shouldGetTheSameIdForTheSameSchemaUnderAnotherSubject() {
        int first = client.register("readings-value", reading(false));
        int second = client.register("other-value", reading(false));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldFetchSchemaById() {
        int id = server.store().register("readings-value", reading(true));

        assertThat(client.schemaById(id)).isEqualTo(reading(true));
        assertThat(server.requests()).containsExactly("GET /schemas/ids/" + id);
    }

    @Test
    void shouldLookUpSchemaUnderSubjectWithoutRegisteringIt() {
        server.store().register("readings-value", reading(false));
        int id = server.store().register("readings-value", reading(true));

        RegisteredSchema found = client.lookup("readings-value", reading(true));

        assertThat(found).isEqualTo(new RegisteredSchema("readings-value", id, 2, reading(true)));
        assertThat(server.requests()).containsExactly("POST /subjects/readings-value");
        assertThat(server.store().versions("readings-value")).containsExactly(1, 2);
    }

    @Test
    void shouldFetchLatestVersionOfSubject() {
        server.store().register("readings-value", reading(false));
        int id = server.store().register("readings-value", reading(true));

        assertThat(client.latest("readings-value"))
                .isEqualTo(new RegisteredSchema("readings-value", id, 2, reading(true)));
        assertThat(server.requests()).containsExactly("GET /subjects/readings-value/versions/latest");
    }

    @Test
    void shouldReportCompatibleSchema() {
        server.store().register("readings-value", reading(false));

        CompatibilityCheck check = client.checkCompatibility("readings-value", reading(true));

        assertThat(check.compatible()).isTrue();
        assertThat(check.messages()).isEmpty();
        assertThat(server.requests())
                .containsExactly("POST /compatibility/subjects/readings-value/versions/latest?verbose=true");
    }

    @Test
    void shouldReportIncompatibleSchemaWithReasons() {
        server.store().register("readings-value", reading(false));

        CompatibilityCheck check = client.checkCompatibility("readings-value", readingWithRequiredField());

        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).anySatisfy(message -> assertThat(message).contains("sequence"));
    }

    @Test
    void shouldAskTheNetworkOnceForRepeatedRegistrationsLookupsAndIds() {
        Schema schema = reading(false);
        int id = client.register("readings-value", schema);
        for (int i = 0; i < 100; i++) {
            assertThat(client.register("readings-value", schema)).isEqualTo(id);
            assertThat(client.register("readings-value", reading(false))).isEqualTo(id);
            assertThat(client.schemaById(id)).isEqualTo(schema);
            assertThat(client.lookup("readings-value", schema).id()).isEqualTo(id);
        }

        assertThat(server.requests()).containsExactly(
                "POST /subjects/readings-value/versions",
                "POST /subjects/readings-value");
    }

    @Test
    void shouldNameSubjectAndUrlWhenSubjectDoesNotExist() {
        assertThatThrownBy(() -> client.latest("missing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                })
                .hasMessageContaining("subject 'missing-value'")
                .hasMessageContaining(server.url())
                .hasMessageContaining("40401");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldNameSubjectWhenSchemaIsNotRegisteredUnderIt() {
        server.store().register("readings-value", reading(false));

        assertThatThrownBy(() -> client.lookup("readings-value", reading(true)))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
                .hasMessageContaining("subject 'readings-value'")
                .hasMessageContaining("40403");
    }

    @Test
    void shouldNameIdWhenSchemaIdIsUnknown() {
        assertThatThrownBy(() -> client.schemaById(77))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
                .hasMessageContaining("schema id 77")
                .hasMessageContaining(server.url());
    }

    @Test
    void shouldNameSubjectWhenRegistryRefusesIncompatibleSchema() {
        server.store().register("readings-value", reading(false));

        assertThatThrownBy(() -> client.register("readings-value", readingWithRequiredField()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("subject 'readings-value'")
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("sequence");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldNameSubjectWhenRegistryRefusesSchemaAsInvalid() {
        server.failNext(1, 422, SchemaRegistryException.INVALID_SCHEMA);

        assertThatThrownBy(() -> client.register("readings-value", reading(false)))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA))
                .hasMessageContaining("subject 'readings-value'")
                .hasMessageContaining("HTTP 422");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldEscapeSubjectsInThePath() {
        String subject = "odd subject/with+chars";
        int id = client.register(subject, reading(false));

        assertThat(server.requests()).containsExactly("POST /subjects/odd%20subject%2Fwith%2Bchars/versions");
        assertThat(server.store().latest(subject).id()).isEqualTo(id);
    }

    /**
     * Confluent's serializers register a schema that uses a type of another subject with schema references; this
     * client does not fetch them, and the record's dead letter said only "Undefined schema: com.acme.Values", of a
     * schema the user's registry holds and their producer writes with.
     */
    @Test
    void shouldSayASchemaThatDoesNotParseHasReferencesItDoesNotResolve() {
        server.answerNext("{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"Event\\\", "
                + "\\\"fields\\\": [{\\\"name\\\": \\\"values\\\", \\\"type\\\": \\\"com.acme.Values\\\"}]}\", "
                + "\"references\": [{\"name\": \"com.acme.Values\", \"subject\": \"values-value\", \"version\": 3}]}");

        assertThatThrownBy(() -> client.schemaById(9))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnusableSchema()).isTrue())
                .hasMessageContaining("does not parse")
                .hasMessageEndingWith("it has schema references, com.acme.Values (subject 'values-value', version 3),"
                        + " which Streamcast does not resolve: register the schema with the types it references"
                        + " written in it");
    }

    /**
     * A producer with Confluent's JSON Schema or Protobuf serializer writes the same framing, and the registry
     * answers for its schema id: that is an answer about the record's schema, not an outage (which once stopped the
     * instance on the record after every restart instead of dead-lettering it). So is an Avro schema that does not
     * parse.
     */
    @Test
    void shouldTellASchemaThatIsNotAvroOrDoesNotParseFromAnOutage() {
        server.answerNext("{\"schemaType\": \"JSON\", \"schema\": \"{\\\"type\\\": \\\"object\\\"}\"}");
        assertThatThrownBy(() -> client.schemaById(5))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnavailable()).isFalse())
                .hasMessageContaining("JSON schema, not Avro");

        server.answerNext("{\"schema\": \"{\\\"type\\\": \\\"no-such-type\\\"}\"}");
        assertThatThrownBy(() -> client.schemaById(6))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnavailable()).isFalse())
                .hasMessageContaining("does not parse");

        // a field whose default its type cannot take: Avro refuses it with another exception than a parse error
        server.answerNext("{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"R\\\", "
                + "\\\"fields\\\": [{\\\"name\\\": \\\"unit\\\", \\\"type\\\": \\\"string\\\", "
                + "\\\"default\\\": null}]}\"}");
        assertThatThrownBy(() -> client.schemaById(8))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnusableSchema()).isTrue())
                .hasMessageContaining("does not parse").hasMessageContaining("Invalid default");

        server.failNext(100, 503);
        assertThatThrownBy(() -> client.schemaById(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnavailable()).isTrue());
    }

    /**
     * A 404 without a registry's not-found code (a proxy's page, a wrong path) is no answer about the schema: records
     * then wait for the registry rather than going to the dead letters as written with an unknown schema.
     */
    @Test
    void shouldTellANotFoundFromTheRegistryFromAnyOther404() {
        assertThatThrownBy(() -> client.schemaById(999))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.isUnavailable()).isFalse();
                });

        server.failNext(1, 404, 404);
        assertThatThrownBy(() -> client.schemaById(998))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isFalse();
                    assertThat(e.isUnavailable()).isTrue();
                });
    }

    /** The wall clock of the registries {@link #remembering} makes: the tests move it, and nothing waits. */
    private final AtomicLong now = new AtomicLong(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli());

    /** A client of the test registry that remembers not-found answers for a minute, at most {@code capacity} ids. */
    private SchemaRegistry remembering(int capacity) {
        SchemaRegistryConfig config = new SchemaRegistryConfig(fastRetries(server.url()));
        return new HttpSchemaRegistry(RegistryHttpClient.fromConfig(config),
                new UnknownSchemaIds(Duration.ofSeconds(60), capacity, now::get));
    }

    /**
     * A flood of records naming an id the registry does not know (a producer pointed at another registry) cost one
     * call each, the stream waiting for every one. Within the minute the answer is remembered, the registry is asked
     * once, and every refusal says since when the id is unknown and when the registry is asked again.
     */
    @Test
    void shouldAskTheRegistryOnceForAnUnknownIdWithinTheBound() {
        SchemaRegistry registry = remembering(100);

        assertThatThrownBy(() -> registry.schemaById(77))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageContaining("40403")
                .hasMessageContaining("asked about schema id 77 again from 2026-03-01T12:01:00Z");
        long answered = now.get();
        for (int i = 0; i < 100; i++) {
            now.set(answered + i * 600L);
            assertThatThrownBy(() -> registry.schemaById(77))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.isNotFound()).isTrue();
                        assertThat(e.isUnavailable()).isFalse();
                    })
                    .hasMessageContaining("did not know schema id 77 as of 2026-03-01T12:00:00Z")
                    .hasMessageContaining(server.url())
                    .hasMessageContaining("again from 2026-03-01T12:01:00Z, missing.id.cache.ttl.sec (60 s)");
        }

        assertThat(server.requests()).containsExactly("GET /schemas/ids/77");
    }

    /** Ids are assigned when a schema is registered: one unknown now is found once the bound has passed. */
    @Test
    void shouldAskAgainAfterTheBoundAndFindAnIdRegisteredMeanwhile() {
        SchemaRegistry registry = remembering(100);
        int first = server.store().register("readings-value", reading(false));
        int next = first + 1;
        assertThatThrownBy(() -> registry.schemaById(next)).isInstanceOf(SchemaRegistryException.class);

        assertThat(server.store().register("readings-value", reading(true))).as("the id asked for").isEqualTo(next);
        now.addAndGet(59_999);
        assertThatThrownBy(() -> registry.schemaById(next)).isInstanceOf(SchemaRegistryException.class);
        now.addAndGet(1);

        assertThat(registry.schemaById(next)).isEqualTo(reading(true));
        assertThat(server.requests()).containsExactly("GET /schemas/ids/" + next, "GET /schemas/ids/" + next);
    }

    /** Only the registry's not-found is an answer about the id: an outage, refused credentials or a proxy's 404 not. */
    @Test
    void shouldNotRememberAFailureThatIsNoAnswerAboutTheId() {
        SchemaRegistry registry = remembering(100);
        int id = server.store().register("readings-value", reading(false));
        server.failNext(3, 503);
        assertThatThrownBy(() -> registry.schemaById(id))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnavailable()).isTrue());
        server.failNext(1, 401);
        assertThatThrownBy(() -> registry.schemaById(id))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.isCredentialsRefused()).isTrue());
        server.failNext(1, 403);
        assertThatThrownBy(() -> registry.schemaById(id))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.isCredentialsRefused()).isTrue());
        server.failNext(1, 404, 404);
        assertThatThrownBy(() -> registry.schemaById(id))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnavailable()).isTrue());

        assertThat(registry.schemaById(id)).isEqualTo(reading(false));
        assertThat(server.requestCount()).isEqualTo(7);
    }

    /** Memory stays bounded: past the cap, the id answered longest ago is forgotten and asked about again. */
    @Test
    void shouldRememberAtMostTheCapForgettingTheOldestAnswerFirst() {
        SchemaRegistry registry = remembering(3);
        for (int id : new int[] {101, 102, 103, 104, 102, 103, 104}) {
            assertThatThrownBy(() -> registry.schemaById(id)).isInstanceOf(SchemaRegistryException.class);
        }
        assertThat(server.requestCount()).as("101 to 104 asked once each").isEqualTo(4);

        assertThatThrownBy(() -> registry.schemaById(101)).isInstanceOf(SchemaRegistryException.class);
        assertThatThrownBy(() -> registry.schemaById(102)).isInstanceOf(SchemaRegistryException.class);

        assertThat(server.requests()).containsExactly("GET /schemas/ids/101", "GET /schemas/ids/102",
                "GET /schemas/ids/103", "GET /schemas/ids/104", "GET /schemas/ids/101", "GET /schemas/ids/102");
    }

    @Test
    void shouldRememberUnknownIdsByDefaultAndAskEveryTimeWhenTheSettingIsZero() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.schemaById(77)).isInstanceOf(SchemaRegistryException.class);
        }
        assertThat(server.requestCount()).isEqualTo(1);

        Map<String, Object> config = fastRetries(server.url());
        config.put(SchemaRegistryConfig.MISSING_ID_CACHE_TTL_SEC_CONFIG, "0");
        SchemaRegistry asking = SchemaRegistries.create(config);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> asking.schemaById(77)).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageNotContaining("remembered");
        }
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void shouldRetryServerErrorsAndThenSucceed() {
        server.failNext(2, 503);

        int id = client.register("readings-value", reading(false));

        assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void shouldGiveUpAfterBoundedRetries() {
        server.failNext(100, 500);

        assertThatThrownBy(() -> client.register("readings-value", reading(false)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.STORE_ERROR);
                })
                .hasMessageContaining("subject 'readings-value'")
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void shouldFailOverToTheNextUrlWhenOneIsUnreachable() {
        SchemaRegistry failingOver = SchemaRegistries.create(fastRetries(unusedUrl() + "," + server.url()));

        int id = failingOver.register("readings-value", reading(false));

        assertThat(server.store().schemaById(id)).isEqualTo(reading(false));
    }

    @Test
    void shouldNameEveryUrlAndTheSubjectWhenNoRegistryAnswers() {
        String first = unusedUrl();
        String second = unusedUrl();
        SchemaRegistry unreachable = SchemaRegistries.create(fastRetries(first + "," + second));

        assertThatThrownBy(() -> unreachable.register("readings-value", reading(false)))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS))
                .hasMessageContaining("subject 'readings-value'")
                .hasMessageContaining("cannot reach the schema registry")
                .hasMessageContaining(first)
                .hasMessageContaining(second)
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("gave up after 3 attempts");
    }

    /** A client of the test registry that tries once and waits 200 ms for an answer's headers. */
    private SchemaRegistry impatient() {
        return tryingOnce(200);
    }

    /** A client of the test registry that tries once and waits {@code readTimeoutMs} for an answer's headers. */
    private SchemaRegistry tryingOnce(int readTimeoutMs) {
        Map<String, Object> config = fastRetries(server.url());
        config.put(SchemaRegistryConfig.HTTP_READ_TIMEOUT_MS_CONFIG, readTimeoutMs);
        config.put(SchemaRegistryConfig.MAX_RETRIES_CONFIG, 0);
        return SchemaRegistries.create(config);
    }

    @Test
    void shouldTimeOutWhenRegistryDoesNotAnswer() {
        SchemaRegistry impatient = impatient();
        server.stallNext(1);

        assertThatThrownBy(() -> impatient.register("readings-value", reading(false)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject 'readings-value'")
                .hasMessageContaining("HttpTimeoutException")
                .hasMessageContaining("gave up after 1 attempt");
    }

    /**
     * A registry that sends its headers and then stalls: the request's own timeout ends with the headers, so only the
     * whole answer's deadline, twice the read timeout, keeps the asking thread from waiting for good.
     */
    @Test
    void shouldTimeOutWhenRegistryStallsAfterItsHeaders() {
        SchemaRegistry impatient = impatient();
        int id = server.store().register("readings-value", reading(false));
        server.stallBodyOfNext();

        assertThatThrownBy(() -> impatient.schemaById(id))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("no whole answer within 400 ms")
                .hasMessageContaining("gave up after 1 attempt");
    }

    /**
     * A registry that holds every request: with a read timeout of 10 s, 3 retries and two URLs, attempts alone could
     * take 4 x 2 x 20 s; the call timeout ends the call after 500 ms, and the error names the URL and the setting.
     */
    @Test
    void shouldGiveUpWhenTheCallTimeoutRunsOutWhateverTheRetriesAndUrls() {
        Map<String, Object> config = fastRetries(server.url() + "," + server.url() + "/");
        config.put(SchemaRegistryConfig.HTTP_READ_TIMEOUT_MS_CONFIG, 10_000);
        config.put(SchemaRegistryConfig.MAX_RETRIES_CONFIG, 3);
        config.put(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG, 500);
        SchemaRegistry bounded = SchemaRegistries.create(config);
        int id = server.store().register("readings-value", reading(false));
        server.stallNext(100);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> bounded.schemaById(id))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isUnavailable()).isTrue())
                .hasMessageContaining("Fetching schema id " + id)
                .hasMessageContaining("cannot reach the schema registry at " + server.url())
                .hasMessageContaining("HttpTimeoutException")
                .hasMessageContaining("when schema.registry.call.timeout.ms (500 ms) ran out"));
    }

    /** A backoff that would outlast the call timeout is not slept through: the call gives up at once. */
    @Test
    void shouldNotWaitForARetryTheCallTimeoutWouldCut() {
        Map<String, Object> config = fastRetries(server.url());
        config.put(SchemaRegistryConfig.RETRIES_WAIT_MS_CONFIG, 60_000);
        config.put(SchemaRegistryConfig.RETRIES_MAX_WAIT_MS_CONFIG, 60_000);
        config.put(SchemaRegistryConfig.CALL_TIMEOUT_MS_CONFIG, 1_000);
        SchemaRegistry bounded = SchemaRegistries.create(config);
        server.failNext(100, 503);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> bounded.register("readings-value", reading(false)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(503))
                .hasMessageContaining(server.url())
                .hasMessageContaining("gave up after 1 attempt when schema.registry.call.timeout.ms (1000 ms) ran"
                        + " out"));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    /** An answer far larger than any schema (a misrouted request, a broken proxy) is not read whole into memory. */
    @Test
    void shouldNotReadAnAnswerLargerThanTheLimit() {
        // patient, so that on a slow machine the answer's 16 MiB are not cut short by the deadline before the limit
        SchemaRegistry oneAttempt = tryingOnce(30_000);
        int id = server.store().register("readings-value", reading(false));
        server.answerNextWithBytes(RegistryHttpClient.MAX_ANSWER_BYTES + 1);

        assertThatThrownBy(() -> oneAttempt.schemaById(id))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("the answer is larger than " + RegistryHttpClient.MAX_ANSWER_BYTES + " bytes");
    }

    @Test
    void shouldWorkUnderABasePathAsApicuriosCompatibilityApiIsServed() {
        assertThat(RegistryEndpoint.fromUrl("http://registry:8080/apis/ccompat/v7/", java.util.Optional.empty(), true)
                .resolve("/subjects/x/versions").toString())
                .isEqualTo("http://registry:8080/apis/ccompat/v7/subjects/x/versions");
    }
}
