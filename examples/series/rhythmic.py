#!/usr/bin/env python3
"""Writes two invented half-hourly series with daily and weekly rhythms, for trying forecasts on long, smooth,
seasonal data (NAB's series are short or noisy). Standard library only; the same files every run.

    python3 examples/series/rhythmic.py DIR    # writes DIR/city.csv and DIR/web.csv (365 days, 17,520 rows each)
    python3 examples/series/rhythmic.py --nab DIR   # the same two series as a NAB-style corpus: DIR/data/invented/
                                                     # and DIR/labels/combined_windows.json, for `eval nab --corpus DIR`
    python3 examples/series/rhythmic.py --seeds 11,21 DIR   # other draws of the same two series (noise and holidays;
                                                             # the seeds of city and web, 1,2 by default)

city: two weekday rush hours and a lunch bump, late nights at weekends; web: a daytime arch, lower at weekends.
Both: a slow 120-day swell, a few random holidays that look like Sundays, and multiplicative AR(1) noise
(coefficient 0.9), so that deviations persist for hours as real ones do. The holidays and the noise come from each
series' seed; other seeds draw other instances of the same two series, to check that a result is not one draw's.

As a corpus, each holiday on a weekday is an anomaly (one at a weekend looks like every weekend day), labelled as NAB
labels its anomalies: a window of a tenth of the file's rows divided by its anomalies, centred on the holiday's noon,
overlapping windows merged, a window that starts inside the probationary period deleted.
"""
import argparse
import datetime
import json
import math
import os
import random


START = datetime.datetime(2015, 3, 2)


def write(path, seed, base, shape, noise, holidays, days=365, step_minutes=30):
    """Writes the series; returns its rows and its holidays on weekdays, as datetimes of their midnights."""
    rng = random.Random(seed)
    start = START
    holiday = set(rng.sample(range(7, days), holidays))
    deviation = 0.0
    with open(path, 'w') as out:
        out.write('timestamp,value\n')
        for i in range(days * 24 * 60 // step_minutes):
            t = start + datetime.timedelta(minutes=step_minutes * i)
            day = (t - start).days
            weekday = 6 if day in holiday else t.weekday()
            swell = 1 + 0.1 * math.sin(2 * math.pi * day / 120)
            deviation = 0.9 * deviation + rng.gauss(0, noise)
            value = base * swell * shape(t.hour + t.minute / 60, weekday) * math.exp(deviation)
            out.write(f'{t:%Y-%m-%d %H:%M:%S},{round(value)}\n')
    rows = days * 24 * 60 // step_minutes
    weekdays = [START + datetime.timedelta(days=d) for d in sorted(holiday)]
    return rows, [d for d in weekdays if d.weekday() < 5], step_minutes


def windows(rows, holidays, step_minutes):
    """NAB's labelling: windows of 10 % of the rows over the anomalies, centred on each holiday's noon, merged, held
    within the file, and a window that starts inside the probationary period (the first 15 % of the rows, at most 750)
    deleted, as NAB's labeller deletes it."""
    step = datetime.timedelta(minutes=step_minutes)
    half = step * (rows // 10 // len(holidays) // 2)
    probation_end = START + step * min(int(0.15 * rows), 750)
    last = START + step * (rows - 1)
    merged = []
    for day in holidays:
        noon = day + datetime.timedelta(hours=12)
        start, end = noon - half, min(noon + half, last)
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    kept = [w for w in merged if w[0] >= probation_end]
    return [[f'{a:%Y-%m-%d %H:%M:%S}.000000', f'{b:%Y-%m-%d %H:%M:%S}.000000'] for a, b in kept]


def city(hour, weekday):
    def bump(centre, width, height):
        return height * math.exp(-((hour - centre) ** 2) / (2 * width * width))
    if weekday < 5:
        return 0.12 + bump(8.5, 1.5, 0.6) + bump(19, 3, 0.9) + bump(13, 2.5, 0.35)
    return 0.25 + bump(1, 2, 0.4) + bump(14, 4, 0.6) + bump(21, 2.5, 0.6)


def web(hour, weekday):
    day = 0.3 + 0.7 * max(0.0, math.sin(math.pi * (hour - 6) / 16)) if 6 <= hour <= 22 else 0.3
    return day * (1.0 if weekday < 5 else 0.55)


def seed_pair(text):
    """The two seeds of --seeds, city's and web's: two integers separated by a comma."""
    parts = text.split(',')
    if len(parts) != 2 or not all(p.strip().lstrip('-').isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f'expected two integers, CITY,WEB, got {text!r}')
    return tuple(int(p) for p in parts)


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description='Writes the invented series city.csv and web.csv.')
    parser.add_argument('directory', nargs='?', default='.')
    parser.add_argument('--nab', action='store_true', help='write them as a NAB-style corpus')
    parser.add_argument('--seeds', type=seed_pair, default=(1, 2), help='the seeds of city and web (default 1,2)')
    args = parser.parse_args()
    city_seed, web_seed = args.seeds
    data = os.path.join(args.directory, 'data', 'invented') if args.nab else args.directory
    os.makedirs(data, exist_ok=True)
    labels = {}
    for name, seed, base, shape, noise, holidays in [('city', city_seed, 15000, city, 0.03, 8),
                                                     ('web', web_seed, 800, web, 0.05, 6)]:
        rows, weekdays, step = write(os.path.join(data, name + '.csv'), seed, base, shape, noise, holidays)
        labels[f'invented/{name}.csv'] = windows(rows, weekdays, step)
    if args.nab:
        os.makedirs(os.path.join(args.directory, 'labels'), exist_ok=True)
        with open(os.path.join(args.directory, 'labels', 'combined_windows.json'), 'w') as out:
            json.dump(labels, out, indent=1)
