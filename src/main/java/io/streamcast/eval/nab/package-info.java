/**
 * The Numenta Anomaly Benchmark: its corpus layout, its results layout and its scoring, following NAB's own
 * code (numenta/NAB, commit ea702d7) so that its official scores are reproduced.
 *
 * <p>A detector run goes: {@link io.streamcast.eval.nab.NabCorpus#load} the corpus; compute one anomaly score
 * per row of every {@link io.streamcast.eval.nab.NabDataFile}; {@link io.streamcast.eval.nab.NabResultsWriter}
 * writes them where NAB's scorer looks for them; {@link io.streamcast.eval.nab.NabScorer#score} optimises
 * each profile's threshold over the corpus and returns a {@link io.streamcast.eval.nab.NabReport} whose
 * {@code summaryLine()} is the run's last line; {@link io.streamcast.eval.nab.NabPlotter} draws why it fired.
 */
package io.streamcast.eval.nab;
