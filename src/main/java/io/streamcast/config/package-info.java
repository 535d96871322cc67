/**
 * Streamcast's settings ({@link io.streamcast.config.StreamcastConfig}) and the checks start-up makes of them and of
 * the settings handed to Kafka Streams and its clients, each refusal naming the setting to change. They run once,
 * before any topic or store is touched, and none of them is on a record's path, so they are kept apart from the
 * topology and processors of {@code stream}, which read the settings but not how they were judged.
 */
package io.streamcast.config;
