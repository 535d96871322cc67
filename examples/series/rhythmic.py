#!/usr/bin/env python3
"""Writes two invented half-hourly series with daily and weekly rhythms, for trying forecasts on long, smooth,
seasonal data (NAB's series are short or noisy). Standard library only; the same files every run.

    python3 examples/series/rhythmic.py DIR    # writes DIR/city.csv and DIR/web.csv (365 days, 17,520 rows each)

city: two weekday rush hours and a lunch bump, late nights at weekends; web: a daytime arch, lower at weekends.
Both: a slow 120-day swell, a few random holidays that look like Sundays, and multiplicative AR(1) noise
(coefficient 0.9), so that deviations persist for hours as real ones do.
"""
import datetime
import math
import os
import random
import sys


def write(path, seed, base, shape, noise, holidays, days=365, step_minutes=30):
    rng = random.Random(seed)
    start = datetime.datetime(2015, 3, 2)
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


def city(hour, weekday):
    def bump(centre, width, height):
        return height * math.exp(-((hour - centre) ** 2) / (2 * width * width))
    if weekday < 5:
        return 0.12 + bump(8.5, 1.5, 0.6) + bump(19, 3, 0.9) + bump(13, 2.5, 0.35)
    return 0.25 + bump(1, 2, 0.4) + bump(14, 4, 0.6) + bump(21, 2.5, 0.6)


def web(hour, weekday):
    day = 0.3 + 0.7 * max(0.0, math.sin(math.pi * (hour - 6) / 16)) if 6 <= hour <= 22 else 0.3
    return day * (1.0 if weekday < 5 else 0.55)


if __name__ == '__main__':
    directory = sys.argv[1] if len(sys.argv) > 1 else '.'
    os.makedirs(directory, exist_ok=True)
    write(os.path.join(directory, 'city.csv'), 1, 15000, city, 0.03, 8)
    write(os.path.join(directory, 'web.csv'), 2, 800, web, 0.05, 6)
