import { performance } from 'node:perf_hooks';
import { assessCarHematotox, assessCrs, assessIcaht, assessIcans, CarHematotoxInput, CrsInput, DEFAULT_SETTINGS, IcahtInput, IcansInput } from '@cartographer/core';
const { makePopulation } = await import('./packages/core/bench/population.ts');
const pop = makePopulation(20000);
const crs = pop.map(p => CrsInput.parse(p.crs)), icans = pop.map(p => IcansInput.parse(p.icans)), icaht = pop.map(p => IcahtInput.parse(p.icaht)), hx = pop.map(p => CarHematotoxInput.parse(p.hematotox));
function m(label, f) { for (let i = 0; i < 20000; i++) f(i); const t = performance.now(); let n = 0; while (performance.now() - t < 2000) { for (let i = 0; i < 20000; i++) f(i); n += 20000; } console.log(label, Math.round(n / ((performance.now() - t) / 1000))); }
m('crs', i => assessCrs(crs[i], DEFAULT_SETTINGS));
m('icans', i => assessIcans(icans[i], DEFAULT_SETTINGS));
m('icaht', i => assessIcaht(icaht[i]));
m('hematotox', i => assessCarHematotox(hx[i]));
