/**
 * Avro serdes in Confluent Schema Registry's wire format, and a small client of its REST API.
 *
 * <p>Entry points: {@link io.streamcast.serde.AvroSerdes#create} (registry and serdes from Confluent-named settings),
 * {@link io.streamcast.serde.SchemaRegistries#create} (the registry alone: {@code mock://scope} in memory, else
 * HTTP), {@link io.streamcast.serde.AvroSerde} (one generated class), {@link io.streamcast.serde.SchemaRegistryConfig}
 * (the settings, with their documentation).
 *
 * <p>REST calls the client makes: {@code POST /subjects/{subject}/versions} (register),
 * {@code GET /schemas/ids/{id}}, {@code POST /subjects/{subject}} (look up without registering),
 * {@code GET /subjects/{subject}/versions/latest},
 * {@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}. Requests carry Confluent's content
 * type {@code application/vnd.schemaregistry.v1+json}; errors are read from Confluent's
 * {@code {"error_code", "message"}} bodies, or from whatever text a proxy answers with.
 *
 * <p>Settings honoured, with Confluent's names and defaults: {@code schema.registry.url} (several, tried in turn),
 * {@code basic.auth.credentials.source} (URL, USER_INFO), {@code basic.auth.user.info},
 * {@code bearer.auth.credentials.source} (STATIC_TOKEN), {@code bearer.auth.token},
 * {@code schema.registry.ssl.{truststore,keystore}.{location,password,type}}, {@code schema.registry.ssl.key.password},
 * {@code http.connect.timeout.ms}, {@code http.read.timeout.ms}, {@code max.retries}, {@code retries.wait.ms},
 * {@code retries.max.wait.ms}, {@code missing.id.cache.ttl.sec} (its default 60 s, not 0: below),
 * {@code auto.register.schemas}, {@code use.latest.version}, {@code latest.compatibility.strict},
 * {@code key.subject.name.strategy}, {@code value.subject.name.strategy}.
 *
 * <p>Where this differs from Confluent's serdes, on purpose: the deserializer refuses bytes left over after the
 * record, and refuses once, with reasons, a writer schema the generated class cannot read; a registry that cannot
 * be asked surfaces as {@link io.streamcast.serde.SchemaRegistryUnavailableException}, apart from bad records (one
 * that refused the credentials as its {@link io.streamcast.serde.SchemaRegistryCredentialsRefusedException}, which
 * no retry mends);
 * one call, retries and failover included, ends within {@code schema.registry.call.timeout.ms} (5 s; Confluent's
 * client has no such bound, and its defaults let a call wait for minutes on a registry that does not answer);
 * with {@code use.latest.version} records are written to the latest schema by field name or alias (Confluent's
 * writer goes by position, which breaks when the field order differs), and the strict check also refuses a latest
 * version that changes a field's logical type, which Avro's compatibility check ignores; the registry's answer that
 * it does not know a schema id is remembered for {@code missing.id.cache.ttl.sec} (60 s, where Confluent's client
 * defaults to 0 and asks again for each record), so a flood of records naming such an id fails without a call each,
 * saying since when the id is unknown and when the registry is asked again; at most 10,000 ids, the oldest forgotten
 * first, and never an unreachable registry, a 5xx or refused credentials.
 *
 * <p>Left out: schema references, Protobuf and JSON Schema, generic and reflect records, {@code use.schema.id},
 * {@code id.compatibility.strict}, {@code normalize.schemas}, {@code avro.remove.java.properties} (schemas are
 * registered as generated, with their {@code avro.java.string} properties, as Confluent does by default),
 * {@code latest.cache.ttl.sec} (a serializer settles its id once per topic), {@code max.schemas.per.subject} (caches
 * hold one entry per distinct schema and are not bounded), {@code missing.cache.size} (the unknown ids remembered are
 * at most 10,000, its default), {@code missing.version.cache.ttl.sec} and {@code missing.schema.cache.ttl.sec}
 * (only unknown ids are remembered), SASL_INHERIT and OAuth client-credentials authentication, proxies and custom
 * headers, turning host name verification off, schema contexts, data contract rules and metadata, modes, deletion.
 */
package io.streamcast.serde;
