/**
 * Small numerical recurrences shared by the predictor and the anomaly scorer. Depends on the JDK only.
 */
package io.streamcast.stats;
