import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, type LabelPayload } from '../../src/custody/print/payload.js';
import { ApiError } from '../../src/errors.js';

const FULL: LabelPayload = {
  chainOfIdentityId: 'CHA999926000042',
  din: 'A99992600004200',
  container: { n: 2, total: 3 },
  productCode: 'S1234V00',
  template: { id: 'apheresis-bag', version: 1 },
};

function refusedRule(text: string): string {
  try {
    decodePayload(text);
  } catch (err) {
    if (err instanceof ApiError) return err.details.issues?.[0]?.rule ?? '';
    throw err;
  }
  return 'accepted';
}

describe('DataMatrix payload', () => {
  it('writes the fields in a fixed order and reads them back', () => {
    const text = encodePayload(FULL);
    expect(text).toBe('CTG1|COI=CHA999926000042|DIN=A99992600004200|N=2/3|PC=S1234V00|TPL=apheresis-bag@1');
    expect(decodePayload(text)).toEqual(FULL);
  });

  it('leaves absent fields out', () => {
    const minimal: LabelPayload = { chainOfIdentityId: 'COI26000042', din: null, container: null, productCode: null, template: { id: 'specimen', version: 1 } };
    expect(encodePayload(minimal)).toBe('CTG1|COI=COI26000042|TPL=specimen@1');
    expect(decodePayload('CTG1|COI=COI26000042|TPL=specimen@1')).toEqual(minimal);
  });

  it('accepts container n up to the total and refuses n above it', () => {
    expect(decodePayload('CTG1|COI=COI26000042|N=2/3|TPL=specimen@1').container).toEqual({ n: 2, total: 3 });
    expect(decodePayload('CTG1|COI=COI26000042|N=3/3|TPL=specimen@1').container).toEqual({ n: 3, total: 3 });
    expect(refusedRule('CTG1|COI=COI26000042|N=4/3|TPL=specimen@1')).toBe('print.payload-invalid');
    expect(refusedRule('CTG1|COI=COI26000042|N=0/3|TPL=specimen@1')).toBe('print.payload-invalid');
  });

  it('refuses anything that is not exactly the format', () => {
    for (const text of [
      '',
      'CTG2|COI=COI26000042|TPL=specimen@1',
      'COI=COI26000042|TPL=specimen@1',
      'CTG1|TPL=specimen@1',
      'CTG1|COI=COI26000042',
      'CTG1|COI=COI26000042|TPL=specimen',
      'CTG1|COI=COI26000042|XYZ=1|TPL=specimen@1',
      'CTG1|TPL=specimen@1|COI=COI26000042',
      'CTG1|COI=COI26000042|COI=COI26000043|TPL=specimen@1',
      'CTG1|COI=COI26000042|DIN=A9999260000420|TPL=specimen@1',
      'CTG1|COI=COI26000042|DIN=O99992600004200|TPL=specimen@1',
      'CTG1|COI=COI 26000042|TPL=specimen@1',
      'CTG1|COI=COI26000042|PC=S 1|TPL=specimen@1',
      'CTG1|COI=COI26000042|TPL=specimen@1|',
    ]) {
      expect({ text, rule: refusedRule(text) }).toEqual({ text, rule: 'print.payload-invalid' });
    }
  });
});
