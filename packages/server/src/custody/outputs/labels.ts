import { CRYO_THRESHOLDS, formatDin, LANGUAGES, type CollectionBagState, type InstitutionSettings } from '@cartographer/core';
import * as z from 'zod';
import { invalid } from '../../errors.js';
import { LABEL_CAPTIONS, LABEL_TEMPLATES, TEMPLATE_KEYS, templatesRefusing, type LabelSheetInput } from '../print/index.js';
import type { ChainRecord } from './chain-record.js';
import { printPatient } from './print-patient.js';
import { PRODUCT_NAME } from './texts.js';

export const LabelQuery = z
  .object({
    template: z.enum(TEMPLATE_KEYS).describe('Template and version: apheresis-bag@1 (collection bags), product-bag@1 (the received product\'s bags), specimen@1 (tubes).'),
    bags: z
      .string()
      .regex(/^[1-9][0-9]?(,[1-9][0-9]?){0,98}$/, 'container numbers separated by commas, e.g. 1,2')
      .optional()
      .describe('Which bags (or tubes) to print, e.g. "2" for a reprint of bag 2; all by default.'),
    media: z.enum(['label-roll', 'a4-sheet']).default('label-roll').describe('label-roll: one label per page of the label\'s size; a4-sheet: a grid on A4 with cut lines.'),
    collection: z.coerce.number().int().min(1).max(20).optional().describe('Which collection of the course (1 = the first); the latest by default.'),
    tubes: z.coerce.number().int().min(1).max(99).optional().describe('specimen@1 only: how many tubes (1 by default).'),
    lang: z.enum(LANGUAGES).optional().describe('Language of error messages; the labels themselves are bilingual.'),
  })
  .strict();
export type LabelQuery = z.infer<typeof LabelQuery>;

/** The print module's limit for the manufacturer reference on a product-bag label. */
const MANUFACTURER_REFERENCE_MAX = 40;

/**
 * Storage as the bag label states it: 2-8 °C until freezing starts (handbook §1.4 item 6), then
 * vapour-phase liquid nitrogen at or below the institution's liquidNitrogenMaxCelsius.
 */
function collectionStorage(bags: readonly CollectionBagState[], liquidNitrogenMaxCelsius: number): LabelSheetInput['storage'] {
  const frozen = bags.some((b) => b.freezingStartedAt !== null || b.cryopreservedAt !== null || b.liquidNitrogenAt !== null);
  return frozen
    ? { condition: 'liquid-nitrogen-vapour', lowCelsius: null, highCelsius: liquidNitrogenMaxCelsius }
    : { condition: 'refrigerated', lowCelsius: CRYO_THRESHOLDS.storageMinC, highCelsius: CRYO_THRESHOLDS.storageMaxC };
}

function selectedContainers(bags: string | undefined, total: number): number[] | null {
  if (bags === undefined) return null;
  const numbers = bags.split(',').map(Number);
  for (const n of numbers) if (n > total) throw invalid('bags', 'custody-output.bag-out-of-range', { n: String(n), total: String(total) });
  return numbers;
}

/** The collection facility as labelled: its Facility Identification Number, when it has one, then its name (or the location). */
function facilityLine(facilityCode: string | null, name: string): string {
  return facilityCode === null ? name : `${facilityCode} ${name}`;
}

/** The label templates whose facility line could not hold the institution's name as these settings print it; none without a name. */
export function labelsRefusingInstitutionName(settings: Pick<InstitutionSettings, 'facilityCode' | 'institutionName'>): string[] {
  if (settings.institutionName === null) return [];
  const field = { caption: LABEL_CAPTIONS.facility, value: facilityLine(settings.facilityCode, settings.institutionName), path: 'collection.facility' };
  return templatesRefusing(Object.values(LABEL_TEMPLATES), 'facility', field);
}

/**
 * The print input of a label sheet for one course, from its records. A template whose data the
 * course does not have yet is refused naming the template: every label needs the collection,
 * the product-bag label the received product.
 */
export function labelSheetInput(record: ChainRecord, query: LabelQuery, now: Date): LabelSheetInput {
  const template = LABEL_TEMPLATES[query.template];
  if (template === undefined) throw invalid('template', 'print.input-invalid', { detail: 'unknown template' });
  const { state, settings } = record;
  if (state.collections.length === 0) throw invalid('template', 'custody-output.template-needs-collection', { template: query.template });
  const product = state.product;
  if (template.id === 'product-bag' && product === null) throw invalid('template', 'custody-output.template-needs-receipt', { template: query.template });
  if (query.tubes !== undefined && template.id !== 'specimen') throw invalid('tubes', 'custody-output.tubes-specimen-only');

  const index = (query.collection ?? state.collections.length) - 1;
  const collection = state.collections[index];
  if (collection === undefined) throw invalid('collection', 'custody-output.collection-unknown', { n: String(index + 1), count: String(state.collections.length) });
  const collectionEvent = record.accepted.find((e) => e.id === collection.eventId);
  const locationId = collectionEvent?.location.id ?? '';
  const din = formatDin({ din: collection.din });
  const collectionBags = state.collectionBags.filter((b) => collection.bagIds.includes(b.bagId));

  const total = template.id === 'apheresis-bag' ? collection.bagIds.length : template.id === 'product-bag' ? (product?.bags.length ?? 0) : (query.tubes ?? 1);
  const reference = product?.manufacturerIdentifiers.find((m) => m.value.length <= MANUFACTURER_REFERENCE_MAX)?.value ?? null;
  return {
    template: query.template,
    now: now.toISOString(),
    timeZone: settings.timeZone,
    media: query.media,
    chainOfIdentity: { id: record.coi.value, checkCharacter: record.coi.checkCharacter, barcodeData: record.coi.barcodeData },
    din: { identifier: din.din, flags: din.flags, checkCharacter: din.checkCharacter },
    product: template.id === 'product-bag' && product ? { code: product.productId, name: PRODUCT_NAME } : null,
    manufacturerReference: template.id === 'product-bag' ? reference : null,
    patient: printPatient(record.patient),
    collection: { at: collection.end, facility: facilityLine(settings.facilityCode, settings.institutionName ?? locationId) },
    storage:
      template.id === 'apheresis-bag'
        ? collectionStorage(collectionBags, settings.liquidNitrogenMaxCelsius)
        : template.id === 'product-bag'
          ? { condition: 'liquid-nitrogen-vapour', lowCelsius: null, highCelsius: settings.liquidNitrogenMaxCelsius }
          : null,
    containers: { total, print: selectedContainers(query.bags, total) },
  };
}
