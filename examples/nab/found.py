#!/usr/bin/env python3
"""Counts, per injected kind, the windows in which a detector raised an anomaly, and its anomalies inside and outside
the windows, from the results `eval nab` (or any NAB-style detector) wrote for a corpus made by inject.py.
Standard library only.

    python3 examples/nab/found.py CORPUS RESULTS THRESHOLD [--detector streamcast]

CORPUS is inject.py's OUT (its labels/injected_kinds.json names each window's kind), RESULTS the results directory
(RESULTS/DETECTOR/CATEGORY/DETECTOR_FILE.csv with an anomaly_score column) and THRESHOLD the score from which a row is
an anomaly. As NAB's scorer does, rows of a file's probationary period (the first 15 % of its rows, at most 750) are
not counted.

For what a cross-validated fold found, count `eval nab --cv`'s held-out anomalies, `--detector streamcast-cv`, at any
threshold above 0 (1e-12, say): there each anomaly's row holds its score, at least its fold's threshold, and every other
row 0. The fold tables print thresholds rounded to five digits, and one rounded up would leave out an anomaly scored at
it. The results under `streamcast` hold
the anomalies at the configured threshold and every other row just below it, so a lower threshold there also counts
events the refractory period held back.
"""
import argparse
import csv
import datetime
import json
import os

TIME_FORMAT = '%Y-%m-%d %H:%M:%S'


def timestamp(text):
    return datetime.datetime.strptime(text[:19], TIME_FORMAT)


def probation(rows):
    """NAB's probationary period of a file of this many rows."""
    return min(int(0.15 * rows), int(0.15 * 5000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('corpus')
    parser.add_argument('results')
    parser.add_argument('threshold', type=float)
    parser.add_argument('--detector', default='streamcast')
    args = parser.parse_args()
    kinds_file = os.path.join(args.corpus, 'labels', 'injected_kinds.json')
    if not os.path.exists(kinds_file):
        raise SystemExit('%s is missing: found.py reads a corpus written by inject.py' % kinds_file)
    with open(kinds_file) as f:
        kinds = json.load(f)
    with open(os.path.join(args.corpus, 'labels', 'combined_windows.json')) as f:
        windows = json.load(f)
    found, total = {}, {}
    inside = outside = 0
    for key in sorted(kinds):
        category, name = key.split('/')
        path = os.path.join(args.results, args.detector, category, '%s_%s' % (args.detector, name))
        with open(path, newline='') as f:
            rows = list(csv.DictReader(f))
        alarms = [timestamp(r['timestamp']) for r in rows[probation(len(rows)):]
                  if float(r['anomaly_score']) >= args.threshold]
        spans = [(timestamp(a), timestamp(b)) for a, b in windows[key]]
        for kind, (start, end) in zip(kinds[key], spans):
            total[kind] = total.get(kind, 0) + 1
            if any(start <= t <= end for t in alarms):
                found[kind] = found.get(kind, 0) + 1
        for t in alarms:
            if any(start <= t <= end for start, end in spans):
                inside += 1
            else:
                outside += 1
    for kind in total:
        print('%s %d of %d' % (kind, found.get(kind, 0), total[kind]))
    print('anomalies inside windows %d, outside %d' % (inside, outside))


if __name__ == '__main__':
    main()
