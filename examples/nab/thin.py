#!/usr/bin/env python3
"""Writes a copy of a NAB-style corpus whose keys send their events irregularly: a share of each file's rows missing
at random, and outages of 6 to 48 hours, as sensors and collectors drop readings, and timestamps off their clock by
a little, as collectors' are. It asks how much of a detector's score holds when events do not arrive on a regular
clock. Standard library only; the same files for the same seed.

    python3 examples/nab/thin.py CORPUS OUT [--drop 0.2] [--outages 0] [--jitter 0] [--seed 31] [--keep-windows]
                                            [--results DIR --detector NAME]

CORPUS holds data/ and labels/combined_windows.json; OUT gets the same layout (labels unchanged unless timestamps
move), then
`java -jar target/streamcast.jar eval nab --corpus OUT --out DIR --cv`. The first row of a file and the rows at its
windows' limits are always kept (the scorer needs those timestamps). Many of NAB's anomalies are one spike, which a
missing row can take away from any detector; with --keep-windows every row inside a window is kept, so the anomalies
are seen whole and only the rest of each file is irregular. With --results, a detector's result files
(DIR/NAME/<category>/NAME_<file>.csv, as NAB lays them out) are thinned by the same rows into OUT/results, for
`eval nab-score --corpus OUT --results OUT/results --detector NAME --cv`: its detections on the whole files, seen
only on the rows that remain. With --jitter F every kept row's timestamp moves by up to F times the file's median
spacing, earlier or later at random, keeping the rows' order; windows' limits move with their rows.
"""
import argparse
import csv
import datetime
import json
import os
import random
import statistics


TIME_FORMAT = '%Y-%m-%d %H:%M:%S'


def median_spacing(rows):
    times = [datetime.datetime.strptime(r[0], TIME_FORMAT) for r in rows]
    return statistics.median((b - a).total_seconds() for a, b in zip(times, times[1:]))


def kept_rows(rows, spacing, limits, rng, drop, outages, spans=()):
    """Indices of the data rows (after the header) that stay: those not drawn, at a window limit or in a span."""
    n = len(rows)
    per_hour = max(1, int(3600 / spacing))
    gone = {i for i in range(1, n) if rng.random() < drop}
    for _ in range(outages):
        start = rng.randrange(int(0.2 * n), n - 50)
        gone.update(range(start, min(n - 1, start + rng.randint(6, 48) * per_hour)))
    return [i for i in range(n) if i not in gone or rows[i][0] in limits
            or any(a <= rows[i][0] <= b for a, b in spans)]


def jittered_times(rows, spacing, keep, rng, jitter):
    """Each kept row's timestamp moved by up to jitter times the median spacing, at least a second after the row
    before it so that the order stays; by row index. Empty when jitter is 0."""
    if jitter <= 0:
        return {}
    most = int(jitter * spacing)
    moved = {}
    previous = None
    for i in keep:
        t = datetime.datetime.strptime(rows[i][0], TIME_FORMAT) + datetime.timedelta(
            seconds=rng.randint(-most, most))
        if previous is not None and t <= previous:
            t = previous + datetime.timedelta(seconds=1)
        moved[i] = t.strftime(TIME_FORMAT)
        previous = t
    return moved


def read_rows(path):
    """A CSV file's rows, its header first."""
    with open(path, newline='') as f:
        return list(csv.reader(f))


def write_kept_rows(rows, target, keep, times=None):
    """Writes the header and the kept rows of rows (header first), with their timestamps replaced where times (by
    row index) gives one."""
    times = times or {}
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'w', newline='') as f:
        out = csv.writer(f)
        out.writerow(rows[0])
        for i in keep:
            row = rows[i + 1]
            out.writerow([times.get(i, row[0])] + row[1:])


def moved_windows(windows, rows, times):
    """The windows with each limit at its row's new timestamp (limits are always kept rows)."""
    by_time = {r[0]: i for i, r in enumerate(rows)}
    return [[times[by_time[t.split('.')[0]]] + '.000000' for t in window] for window in windows]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('corpus')
    parser.add_argument('out')
    parser.add_argument('--drop', type=float, default=0.2, help='share of rows missing at random')
    parser.add_argument('--outages', type=int, default=0, help='outages of 6 to 48 hours per file')
    parser.add_argument('--jitter', type=float, default=0,
                        help="largest move of a timestamp, as a share of the file's median spacing")
    parser.add_argument('--seed', type=int, default=31)
    parser.add_argument('--keep-windows', action='store_true',
                        help='keep every row inside a labelled window, so that each anomaly is still seen whole')
    parser.add_argument('--results', help="a detector's results directory, thinned by the same rows")
    parser.add_argument('--detector', help='the detector whose results to thin')
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # a generator of its own, so that the same rows stay with and without --jitter
    jitter_rng = random.Random(args.seed)
    labels = os.path.join(args.corpus, 'labels', 'combined_windows.json')
    if not os.path.isfile(labels) or not os.path.isdir(os.path.join(args.corpus, 'data')):
        # a line rather than a traceback
        raise SystemExit('%s is no NAB-style corpus: thin.py reads its data/<category>/<file>.csv and'
                         ' labels/combined_windows.json' % args.corpus)
    with open(labels) as f:
        windows = json.load(f)
    out_windows = dict(windows)
    data = os.path.join(args.corpus, 'data')
    for category in sorted(os.listdir(data)):
        for name in sorted(os.listdir(os.path.join(data, category))):
            if not name.endswith('.csv'):
                continue
            relative = category + '/' + name
            limits = {t.split('.')[0] for window in windows.get(relative, []) for t in window}
            spans = [tuple(t.split('.')[0] for t in window) for window in windows.get(relative, [])] \
                if args.keep_windows else []
            table = read_rows(os.path.join(data, relative))
            rows = table[1:]
            spacing = median_spacing(rows)
            keep = kept_rows(rows, spacing, limits, rng, args.drop, args.outages, spans)
            times = jittered_times(rows, spacing, keep, jitter_rng, args.jitter)
            write_kept_rows(table, os.path.join(args.out, 'data', relative), keep, times)
            if times and relative in windows:
                out_windows[relative] = moved_windows(windows[relative], rows, times)
            if args.results:
                result = os.path.join(args.results, args.detector, category, args.detector + '_' + name)
                kept_result = os.path.join(args.out, 'results', args.detector, category, args.detector + '_' + name)
                write_kept_rows(read_rows(result), kept_result, keep, times)
    os.makedirs(os.path.join(args.out, 'labels'), exist_ok=True)
    with open(os.path.join(args.out, 'labels', 'combined_windows.json'), 'w') as f:
        json.dump(out_windows, f, indent=4)


if __name__ == '__main__':
    main()
