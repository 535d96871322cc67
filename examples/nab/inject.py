#!/usr/bin/env python3
"""Writes a NAB-style corpus from unlabelled timestamp,value series by injecting anomalies of known kinds at known
rows, so that a detector can be scored on series it was never designed or tuned on. Standard library only; the same
files for the same series (each file's draws are seeded by its name).

    python3 examples/nab/inject.py SERIES_DIR OUT [--category NAME] [--anomalies 3] [--nab CORPUS]

Every SERIES_DIR/*.csv becomes OUT/data/NAME/<file>.csv with its anomalies, and OUT/labels/combined_windows.json
gets NAB-style windows: 10 % of the file's rows split over its anomalies, each window centred on one anomaly's first
row. Each series needs a row at every step of its clock (a day is counted in rows). The kinds, in turn per file
(half-hourly or finer series with a daily rhythm in mind):

  spike    one row at three times its value, plus 10
  outage   8 rows at 0, starting between 10:00 and 16:00 (a feed that stops during the busy hours)
  level    48 rows at 1.5 times their value (a day at another level); in a series of whole numbers (counts)
           each is rounded down or up at random, in proportion, so that it stays a count and is 1.5 times the
           value on average
  holiday  one weekday's rows replaced by those of the Sunday before it (a weekday whose business stopped)
  surge    6 rows at twice their value, starting between 10:00 and 16:00 (a burst of a few busy hours)

Anomalies start after the first 15 % of the rows, their windows after NAB's probation, at least a sixth of the file
apart, and each changes at least one row (one that would change none moves a day on). The kind of
each window, in the windows' order, goes to OUT/labels/injected_kinds.json, which examples/nab/found.py reads. With
--nab, NAB's own data and windows are copied beside the new category, so that `eval nab --corpus OUT --out DIR --cv`
scores the new category at the threshold chosen on NAB's categories alone:

    java -jar target/streamcast.jar eval nab --corpus OUT --out DIR --cv
"""
import argparse
import csv
import datetime
import json
import os
import random
import shutil

TIME_FORMAT = '%Y-%m-%d %H:%M:%S'
KINDS = ['spike', 'outage', 'level', 'holiday', 'surge']


def read(path):
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    return rows[0], [[datetime.datetime.strptime(r[0], TIME_FORMAT), float(r[1])] for r in rows[1:]]


def per_day(rows):
    spacing = (rows[1][0] - rows[0][0]).total_seconds()
    return max(1, round(86400 / spacing))


def starts(rows, count, rng, half):
    """Rows where anomalies start: after the first 15 %, with their window (half rows either side) clear of NAB's
    probationary period (the first 15 % of the rows, at most 750), a sixth of the file apart, and room for four days
    after each."""
    n = len(rows)
    day = per_day(rows)
    low, high = max(int(0.15 * n), min(int(0.15 * n), 750) + half), n - 4 * day
    for _ in range(10000):
        drawn = sorted(rng.randrange(low, high) for _ in range(count))
        if all(b - a >= n // 6 for a, b in zip(drawn, drawn[1:])):
            return drawn
    raise SystemExit('cannot place %d anomalies a sixth of the file apart' % count)


def busy(rows, start):
    """The first row from start on between 10:00 and 16:00, when a key with a daily rhythm is busy."""
    while not 10 <= rows[start][0].hour < 16:
        start += 1
    return start


def inject_changing(rows, start, kind, rng):
    """Injects kind from about start, a day later each time it would change no row (a surge or an outage over a quiet
    day's zeros, a weekday equal to its Sunday), at most a week on: a window over unchanged rows labels an anomaly no
    detector could find. Returns the anomaly's first row."""
    day = per_day(rows)
    tries = [start + attempt * day for attempt in range(8) if start + attempt * day < len(rows) - 3 * day]
    for at in tries:
        before = [value for _, value in rows]
        first = inject(rows, at, kind, rng)
        if at == tries[-1] or any(value != old for (_, value), old in zip(rows, before)):
            return first
        for i, old in enumerate(before):
            rows[i][1] = old


def inject(rows, start, kind, rng):
    """Changes rows in place from about start; returns the anomaly's first row."""
    day = per_day(rows)
    step = 86400 // day
    if kind == 'spike':
        rows[start][1] = 3 * rows[start][1] + 10
        return start
    if kind == 'outage':
        start = busy(rows, start)
        for i in range(start, start + 8 * 1800 // step):
            rows[i][1] = 0.0
        return start
    if kind == 'level':
        # A count of 1 made 1.5 is a value no count takes: a detector would find the day by its fractions, not its
        # level (persistence's errors of a departure, +-1, became +-1.5 there and passed the limit of a surprise).
        counts = all(value == int(value) for _, value in rows)
        for i in range(start, start + day):
            raised = 1.5 * rows[i][1]
            rows[i][1] = float(int(raised) + (rng.random() < raised - int(raised))) if counts else raised
        return start
    if kind == 'holiday':
        # the next Monday to Friday at midnight takes the values of the Sunday before it
        while rows[start][0].weekday() > 4 or rows[start][0].hour or rows[start][0].minute:
            start += 1
        sunday = start - (rows[start][0].weekday() + 1) * day
        for i in range(day):
            rows[start + i][1] = rows[sunday + i][1]
        return start
    if kind == 'surge':
        # twice a quiet night's zeros would change nothing
        start = busy(rows, start)
        for i in range(start, start + 6 * 1800 // step):
            rows[i][1] *= 2
        return start
    raise ValueError(kind)


def stamp(time):
    return time.strftime(TIME_FORMAT) + '.000000'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('series')
    parser.add_argument('out')
    parser.add_argument('--category', default='injected')
    parser.add_argument('--anomalies', type=int, default=3)
    parser.add_argument('--nab')
    args = parser.parse_args()
    # said before anything is written, in a line rather than a traceback
    if not os.path.isdir(args.series):
        raise SystemExit('%s is not a directory: inject.py reads the timestamp,value series SERIES_DIR/*.csv'
                         % args.series)
    if args.nab and not os.path.isfile(os.path.join(args.nab, 'labels', 'combined_windows.json')):
        raise SystemExit('%s is missing: --nab names a NAB corpus (data/ and labels/combined_windows.json)'
                         % os.path.join(args.nab, 'labels', 'combined_windows.json'))
    windows = {}
    if args.nab:
        shutil.copytree(os.path.join(args.nab, 'data'), os.path.join(args.out, 'data'), dirs_exist_ok=True)
        with open(os.path.join(args.nab, 'labels', 'combined_windows.json')) as f:
            windows.update(json.load(f))
    target = os.path.join(args.out, 'data', args.category)
    os.makedirs(target, exist_ok=True)
    kinds = {}
    kind = 0
    for name in sorted(os.listdir(args.series)):
        if not name.endswith('.csv'):
            continue
        header, rows = read(os.path.join(args.series, name))
        rng = random.Random(name)
        half = int(0.1 * len(rows) / args.anomalies) // 2
        labelled = []
        key = '%s/%s' % (args.category, name)
        kinds[key] = []
        for start in starts(rows, args.anomalies, rng, half):
            drawn = KINDS[kind % len(KINDS)]
            kind += 1
            first = inject_changing(rows, start, drawn, rng)
            kinds[key].append(drawn)
            labelled.append([stamp(rows[max(0, first - half)][0]), stamp(rows[min(len(rows) - 1, first + half)][0])])
        with open(os.path.join(target, name), 'w', newline='') as f:
            out = csv.writer(f, lineterminator='\n')
            out.writerow(header)
            for time, value in rows:
                out.writerow([time.strftime(TIME_FORMAT), ('%.6g' % value)])
        windows[key] = labelled
    os.makedirs(os.path.join(args.out, 'labels'), exist_ok=True)
    with open(os.path.join(args.out, 'labels', 'combined_windows.json'), 'w') as f:
        json.dump(windows, f, indent=4, sort_keys=True)
    with open(os.path.join(args.out, 'labels', 'injected_kinds.json'), 'w') as f:
        json.dump(kinds, f, indent=4, sort_keys=True)


if __name__ == '__main__':
    main()
