#!/usr/bin/env node
// Writes real half-hourly count series from a public table of 3,000,000 US domestic flights (January to June 2001,
// vega-datasets' flights-3m.parquet): departures per half hour of the whole table and of its 12 busiest origins, as
// timestamp,value files (8,689 rows each, half hours without a departure written as 0). Counts with daily and weekly
// rhythms and holidays, like a city's taxi rides, from data the forecasters were not designed on.
//
//   npm pack vega-datasets@3.2.1 && tar xzf vega-datasets-3.2.1.tgz      # package/data/flights-3m.parquet
//   (cd examples/series && npm install)
//   node examples/series/flights.mjs package/data/flights-3m.parquet DIR [ORIGINS]
//
// DIR/all.csv is every departure; DIR/airports/ holds one file per origin (ORD.csv, ...) of the ORIGINS busiest
// (default 12), for `eval forecast --csv`
// one at a time or `eval forecast --dir DIR/airports` as keys of one stream. The table's times are local to each
// origin and written as they are.
import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { mkdirSync, readFileSync, writeFileSync } from 'fs'
import { join } from 'path'

const HALF_HOUR = 30 * 60 * 1000
const BUSIEST = 12

const [input, out, origins = String(BUSIEST)] = process.argv.slice(2)
const busiestCount = Number(origins)
if (!input || !out || !(Number.isInteger(busiestCount) && busiestCount >= 0)) {
  console.error('usage: node flights.mjs FLIGHTS_3M_PARQUET DIR [ORIGINS]')
  process.exit(2)
}

const bytes = readFileSync(input)
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
const flights = await parquetReadObjects({ file, compressors, columns: ['date', 'origin'] })

const everyOrigin = new Map()
const byOrigin = new Map()
let first = Infinity
let last = -Infinity
for (const { date, origin } of flights) {
  const slot = Math.floor(date.getTime() / HALF_HOUR)
  first = Math.min(first, slot)
  last = Math.max(last, slot)
  count(everyOrigin, slot)
  if (!byOrigin.has(origin)) byOrigin.set(origin, new Map())
  count(byOrigin.get(origin), slot)
}

mkdirSync(join(out, 'airports'), { recursive: true })
write(join(out, 'all.csv'), everyOrigin)
const busiest = [...byOrigin.entries()]
  .map(([origin, counts]) => [origin, [...counts.values()].reduce((a, b) => a + b, 0)])
  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  .slice(0, busiestCount)
for (const [origin] of busiest) write(join(out, 'airports', origin + '.csv'), byOrigin.get(origin))
console.log(`${flights.length} flights, ${last - first + 1} half hours; busiest origins: `
  + busiest.map(([origin, n]) => `${origin} ${n}`).join(', '))

function count(counts, slot) {
  counts.set(slot, (counts.get(slot) || 0) + 1)
}

function write(path, counts) {
  const lines = ['timestamp,value']
  for (let slot = first; slot <= last; slot++) {
    // the table's times carry no zone: format them as they are, without converting
    const time = new Date(slot * HALF_HOUR).toISOString().replace('T', ' ').slice(0, 19)
    lines.push(time + ',' + (counts.get(slot) || 0))
  }
  writeFileSync(path, lines.join('\n') + '\n')
}
