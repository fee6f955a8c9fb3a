import { Engine, type RuleProperties } from 'json-rules-engine';

/**
 * The peer of the benchmark: the same CRS + ICANS + CAR-HEMATOTOX grading logic written as
 * json-rules-engine rules (each rule emits the grade or points it yields; the maximum or sum is
 * taken afterwards), fed the same canonical facts as the engine.
 */
export interface PeerFacts {
  feverOrMasked: boolean;
  hypotension: boolean;
  pressorsNonVasopressin: number;
  pressorsTotal: number;
  oxygenDevice: string;
  oxygenFlow: number;
  iceTotal: number;
  consciousness: string;
  seizure: string;
  motor: string;
  cerebralEdema: string;
  platelets: number;
  anc: number;
  hemoglobin: number;
  crp: number;
  ferritin: number;
}

const fact = (name: keyof PeerFacts, operator: string, value: unknown) => ({ fact: name, operator, value });
const event = (instrument: string, amount: number) => ({ type: instrument, params: { amount } });

function crsRules(): RuleProperties[] {
  const fever = fact('feverOrMasked', 'equal', true);
  return [
    { conditions: { all: [fever] }, event: event('crs', 1) },
    { conditions: { all: [fever, fact('hypotension', 'equal', true), fact('pressorsTotal', 'equal', 0)] }, event: event('crs', 2) },
    { conditions: { all: [fever, fact('oxygenDevice', 'equal', 'blow-by')] }, event: event('crs', 2) },
    { conditions: { all: [fever, fact('oxygenDevice', 'equal', 'nasal-cannula'), fact('oxygenFlow', 'lessThanInclusive', 6)] }, event: event('crs', 2) },
    { conditions: { all: [fever, fact('pressorsTotal', 'greaterThanInclusive', 1)] }, event: event('crs', 3) },
    { conditions: { all: [fever, fact('oxygenDevice', 'equal', 'nasal-cannula'), fact('oxygenFlow', 'greaterThan', 6)] }, event: event('crs', 3) },
    { conditions: { all: [fever, fact('oxygenDevice', 'in', ['high-flow-nasal-cannula', 'face-mask', 'non-rebreather', 'venturi'])] }, event: event('crs', 3) },
    { conditions: { all: [fever, fact('pressorsNonVasopressin', 'greaterThanInclusive', 2)] }, event: event('crs', 4) },
    { conditions: { all: [fever, fact('oxygenDevice', 'in', ['cpap', 'bipap', 'mechanical-ventilation'])] }, event: event('crs', 4) },
  ];
}

function icansRules(): RuleProperties[] {
  return [
    { conditions: { all: [fact('iceTotal', 'greaterThanInclusive', 7), fact('iceTotal', 'lessThanInclusive', 9)] }, event: event('icans', 1) },
    { conditions: { all: [fact('iceTotal', 'greaterThanInclusive', 3), fact('iceTotal', 'lessThanInclusive', 6)] }, event: event('icans', 2) },
    { conditions: { all: [fact('iceTotal', 'lessThanInclusive', 2)] }, event: event('icans', 3) },
    { conditions: { all: [fact('consciousness', 'equal', 'awakens-spontaneously')] }, event: event('icans', 1) },
    { conditions: { all: [fact('consciousness', 'equal', 'awakens-to-voice')] }, event: event('icans', 2) },
    { conditions: { all: [fact('consciousness', 'equal', 'awakens-to-tactile-only')] }, event: event('icans', 3) },
    { conditions: { all: [fact('consciousness', 'equal', 'unarousable')] }, event: event('icans', 4) },
    { conditions: { all: [fact('seizure', 'equal', 'rapidly-resolving')] }, event: event('icans', 3) },
    { conditions: { all: [fact('seizure', 'equal', 'prolonged-or-repetitive')] }, event: event('icans', 4) },
    { conditions: { all: [fact('motor', 'equal', 'deep-focal-weakness')] }, event: event('icans', 4) },
    { conditions: { all: [fact('cerebralEdema', 'equal', 'focal-edema')] }, event: event('icans', 3) },
    { conditions: { all: [fact('cerebralEdema', 'equal', 'diffuse-edema-or-signs')] }, event: event('icans', 4) },
  ];
}

function hematotoxRules(): RuleProperties[] {
  return [
    { conditions: { all: [fact('platelets', 'lessThanInclusive', 175_000), fact('platelets', 'greaterThanInclusive', 75_000)] }, event: event('hematotox', 1) },
    { conditions: { all: [fact('platelets', 'lessThan', 75_000)] }, event: event('hematotox', 2) },
    { conditions: { all: [fact('anc', 'lessThanInclusive', 1_200)] }, event: event('hematotox', 1) },
    { conditions: { all: [fact('hemoglobin', 'lessThanInclusive', 9)] }, event: event('hematotox', 1) },
    { conditions: { all: [fact('crp', 'greaterThanInclusive', 3)] }, event: event('hematotox', 1) },
    { conditions: { all: [fact('ferritin', 'greaterThanInclusive', 650), fact('ferritin', 'lessThanInclusive', 2_000)] }, event: event('hematotox', 1) },
    { conditions: { all: [fact('ferritin', 'greaterThan', 2_000)] }, event: event('hematotox', 2) },
  ];
}

export function makePeer(): (facts: PeerFacts) => Promise<{ crs: number; icans: number; hematotox: number }> {
  const engine = new Engine([...crsRules(), ...icansRules(), ...hematotoxRules()], { allowUndefinedFacts: false });
  return async (facts) => {
    const { events } = await engine.run(facts);
    let crs = 0;
    let icans = 0;
    let hematotox = 0;
    for (const e of events) {
      const amount = (e.params as { amount: number }).amount;
      if (e.type === 'crs') crs = Math.max(crs, amount);
      else if (e.type === 'icans') icans = Math.max(icans, amount);
      else hematotox += amount;
    }
    return { crs, icans, hematotox };
  };
}
