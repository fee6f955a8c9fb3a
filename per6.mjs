import { assessCarHematotox, assessCrs, assessIcaht, assessIcans, CarHematotoxInput, CrsInput, DEFAULT_SETTINGS, IcahtInput, IcansInput } from '@cartographer/core';
const { makePopulation } = await import('./packages/core/bench/population.ts');
const pop = makePopulation(5000);
const crs = pop.map(p => CrsInput.parse(p.crs)), icans = pop.map(p => IcansInput.parse(p.icans)), icaht = pop.map(p => IcahtInput.parse(p.icaht)), hx = pop.map(p => CarHematotoxInput.parse(p.hematotox));
const t = Date.now(); while (Date.now() - t < 6000) for (let i = 0; i < 5000; i++) { assessCrs(crs[i], DEFAULT_SETTINGS); assessIcans(icans[i], DEFAULT_SETTINGS); assessIcaht(icaht[i]); assessCarHematotox(hx[i]); }
