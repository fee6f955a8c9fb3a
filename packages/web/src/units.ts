/** UCUM codes are for machines; people read °C, /µL and m² (the server's texts do the same). */
const DISPLAY: Readonly<Record<string, string>> = { Cel: '°C', '[degF]': '°F', '/uL': '/µL', m2: 'm²', 'ug/kg': 'µg/kg', a: 'y' };

export function displayUnit(unit: string | undefined): string {
  return unit === undefined ? '' : (DISPLAY[unit] ?? unit);
}

/** Units offered while typing a measurement (any UCUM unit of the right kind is accepted). */
export const COMMON_UNITS = ['Cel', '[degF]', 'kg', 'g', '[lb_av]', 'cm', 'm', 'm2', 'L/min', 'mg/dL', 'umol/L', 'mmol/L', 'g/dL', 'ng/mL', 'U/L', '/uL', '10*3/uL', '10*9/L'] as const;
