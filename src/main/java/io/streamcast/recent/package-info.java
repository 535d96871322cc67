/**
 * What one instance predicted recently, kept in memory for the web console: each recently active key's latest
 * predictions and the latest anomalies. Bounded in keys and points, filled in place by the predictor without
 * allocating, and read by HTTP threads. Depends on the JDK and {@code predict} only.
 */
package io.streamcast.recent;
