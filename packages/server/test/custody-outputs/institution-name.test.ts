import { describe, expect, it } from 'vitest';
import { labelsRefusingInstitutionName } from '../../src/custody/outputs/labels.js';

/**
 * The institution's name is checked against the labels' facility line when the settings are
 * saved (admin.test.ts has the 400): here, which names fit, with and without the Facility
 * Identification Number printed before them.
 */
describe('the institution name against the labels\' facility line', () => {
  it('has nothing to check without a name (labels print the collection location)', () => {
    expect(labelsRefusingInstitutionName({ facilityCode: 'A9997', institutionName: null })).toEqual([]);
  });

  it('accepts a usual name, with the facility number before it', () => {
    expect(labelsRefusingInstitutionName({ facilityCode: 'A9997', institutionName: '臺大醫院 細胞治療中心' })).toEqual([]);
    expect(labelsRefusingInstitutionName({ facilityCode: 'A9997', institutionName: '國'.repeat(16) })).toEqual([]);
  });

  it('names each bag label whose facility line cannot hold a longer one', () => {
    expect(labelsRefusingInstitutionName({ facilityCode: 'A9997', institutionName: '國'.repeat(20) })).toEqual(['apheresis-bag@1', 'product-bag@1']);
    // The same name alone, without the facility number before it, fits.
    expect(labelsRefusingInstitutionName({ facilityCode: null, institutionName: '國'.repeat(20) })).toEqual([]);
    expect(labelsRefusingInstitutionName({ facilityCode: 'A9997', institutionName: 'National Taiwan University Hospital CTC' })).toEqual(['apheresis-bag@1', 'product-bag@1']);
  });
});
