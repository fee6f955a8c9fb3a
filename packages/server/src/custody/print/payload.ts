import { invalid } from '../../errors.js';
import { ChainOfIdentityId, ProductCode } from './schemas.js';

/**
 * The DataMatrix payload of every label, version 1: one ASCII line of `|`-separated fields, the
 * first being the format tag `CTG1`, then `KEY=value` pairs in this fixed order, an absent field
 * left out:
 *
 *   CTG1|COI=<chain-of-identity id>|DIN=<13-character DIN + 2 flag characters>|N=<n>/<total>|PC=<product code>|TPL=<template id>@<version>
 *
 * e.g. `CTG1|COI=COI26000042|DIN=A99992600004200|N=1/3|PC=S1234V00|TPL=apheresis-bag@1`.
 * COI (the identifier without its check character or data identifier) and TPL are always present; DIN as in ISBT 128 data structure 001 without its leading "="
 * (no check character: it guards keyboard entry, not scans); N is the container (bag or tube) and
 * the number of containers. No value can hold `|` or `=`, so no escaping is needed.
 */
export const PAYLOAD_TAG = 'CTG1';

export interface LabelPayload {
  readonly chainOfIdentityId: string;
  /** The 13-character DIN followed by its two flag characters, or null when no DIN was assigned. */
  readonly din: string | null;
  readonly container: { readonly n: number; readonly total: number } | null;
  readonly productCode: string | null;
  readonly template: { readonly id: string; readonly version: number };
}

const DIN_WITH_FLAGS = /^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{10}[0-9A-HJ-NPR-Y]{2}$/;
const CONTAINER = /^([1-9][0-9]{0,2})\/([1-9][0-9]{0,2})$/;
const TEMPLATE = /^([a-z][a-z0-9-]{0,39})@([1-9][0-9]{0,3})$/;
const ORDER = ['COI', 'DIN', 'N', 'PC', 'TPL'] as const;
type Key = (typeof ORDER)[number];

export function encodePayload(payload: LabelPayload): string {
  const fields: [Key, string | null][] = [
    ['COI', payload.chainOfIdentityId],
    ['DIN', payload.din],
    ['N', payload.container && `${payload.container.n}/${payload.container.total}`],
    ['PC', payload.productCode],
    ['TPL', `${payload.template.id}@${payload.template.version}`],
  ];
  return [PAYLOAD_TAG, ...fields.filter((f): f is [Key, string] => f[1] !== null).map(([k, v]) => `${k}=${v}`)].join('|');
}

function refuse(detail: string): never {
  throw invalid('payload', 'print.payload-invalid', { detail });
}

/** Reads a scanned payload back; anything that is not exactly the format above is refused (400, rule print.payload-invalid). */
export function decodePayload(text: string): LabelPayload {
  const [tag, ...parts] = text.split('|');
  if (tag !== PAYLOAD_TAG) refuse(`it does not start with ${PAYLOAD_TAG}`);
  const values = new Map<Key, string>();
  let last = -1;
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = part.slice(0, Math.max(eq, 0));
    const position = ORDER.indexOf(key as Key);
    if (eq < 0 || position < 0) refuse(`unknown field "${part}"`);
    if (position <= last) refuse(`field ${key} is repeated or out of order`);
    last = position;
    values.set(key as Key, part.slice(eq + 1));
  }
  const coi = values.get('COI');
  if (coi === undefined || !ChainOfIdentityId.safeParse(coi).success) refuse('COI is missing or malformed');
  const din = values.get('DIN') ?? null;
  if (din !== null && !DIN_WITH_FLAGS.test(din)) refuse('DIN is malformed');
  const containerText = values.get('N');
  const container = containerText === undefined ? null : CONTAINER.exec(containerText);
  if (containerText !== undefined && (!container || Number(container[1]) > Number(container[2]))) refuse('N is not n/total with n ≤ total');
  const productCode = values.get('PC') ?? null;
  if (productCode !== null && !ProductCode.safeParse(productCode).success) refuse('PC is malformed');
  const template = TEMPLATE.exec(values.get('TPL') ?? '');
  if (!template) refuse('TPL is missing or malformed');
  return {
    chainOfIdentityId: coi,
    din,
    container: container ? { n: Number(container[1]), total: Number(container[2]) } : null,
    productCode,
    template: { id: template[1] ?? '', version: Number(template[2]) },
  };
}
