import { TEMPLATE_TITLES, type Bilingual } from './captions.js';

/**
 * Versioned label templates. A template is data: its size, and each element's box in millimetres
 * from the label's top-left corner. A printed label names its template and version, so a change
 * of layout is a new version, never an edit of a published one (a label already on a bag must stay
 * explainable).
 *
 * Layout principles, adapted from ICCBBA ST-005 (ISBT 128 Standard, Labeling of Blood Components,
 * v1.1.0, 2016) and ST-004 (Labeling of Cellular Therapy Products, v1.2.1, 2021): the bag label is
 * a base label of about 100 x 100 mm in four quadrants; the DIN's Code 128 sits in the upper left with the
 * eye-readable DIN beneath it, flag characters turned 90 degrees and the check character in a box;
 * black on white; each barcode keeps its quiet zones. Small containers (the specimen label) keep the
 * identifiers and barcodes and drop the rest. The content follows the handbook (seed 002): 2-3
 * patient identifiers on every label (§1.4 ❿ ①), labels checked by two staff (❿ ③), the collection
 * time recorded (❺), and storage as the product requires (❻ ②).
 */

/** What a field element prints; each maps to one input path for the error it may raise. */
export type FieldKey =
  | 'title'
  | 'barcodeCaption'
  | 'coi'
  | 'container'
  | 'product'
  | 'manufacturerReference'
  | 'patientHeader'
  | 'patientName'
  | 'patientNameLatin'
  | 'birthDate'
  | 'identifier1'
  | 'identifier2'
  | 'identifier3'
  | 'collectedAt'
  | 'facility'
  | 'storageCondition'
  | 'storageTemperature'
  | 'autologous'
  | 'verify'
  | 'printedAt'
  | 'template';

export interface MmBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface FieldElement {
  readonly kind: 'field';
  readonly field: FieldKey;
  readonly box: MmBox;
  /** stacked: the caption on its own line above the value; inline: caption then value on one line. */
  readonly layout: 'stacked' | 'inline';
  readonly captionSize: number;
  readonly valueSize: number;
  /** The value shrinks down to this size before the label is refused. */
  readonly minValueSize: number;
  readonly bold: boolean;
  /** A bilingual value on two lines (Chinese, then English) instead of one. */
  readonly split?: boolean;
  /** The value may wrap onto further lines within the box. */
  readonly wrap?: boolean;
  readonly align?: 'left' | 'right';
  /** False prints the value without its caption. */
  readonly showCaption?: boolean;
}

export interface BarcodeElement {
  readonly kind: 'code128' | 'datamatrix';
  readonly box: MmBox;
  readonly minModuleMm: number;
  readonly maxModuleMm: number;
}

export interface DinElement {
  readonly kind: 'din';
  readonly box: MmBox;
  readonly size: number;
}

export interface RuleElement {
  readonly kind: 'rule';
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
}

export type LabelElement = FieldElement | BarcodeElement | DinElement | RuleElement;

export const TEMPLATE_IDS = ['apheresis-bag', 'product-bag', 'specimen'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface LabelTemplate {
  readonly id: TemplateId;
  readonly version: number;
  readonly title: Bilingual;
  readonly widthMm: number;
  readonly heightMm: number;
  /** What one label goes on: its count reads "bag n of N" or "tube n of N". */
  readonly container: 'bag' | 'tube';
  /** What the Code 128 carries: the DIN when one is assigned (else the COI id), or always the COI id. */
  readonly code128: 'din-or-coi' | 'coi';
  /** Inputs that are optional in general but that this template cannot print without. */
  readonly requires: readonly ('product' | 'storage')[];
  readonly elements: readonly LabelElement[];
}

export function templateKey(template: Pick<LabelTemplate, 'id' | 'version'>): string {
  return `${template.id}@${template.version}`;
}

function box(x: number, y: number, width: number, height: number): MmBox {
  return { x, y, width, height };
}

const CAPTION = 5.5;
const stacked = (field: FieldKey, b: MmBox, valueSize: number, minValueSize: number, bold = true): FieldElement => ({
  kind: 'field',
  field,
  box: b,
  layout: 'stacked',
  captionSize: CAPTION,
  valueSize,
  minValueSize,
  bold,
});

/** The 100 x 100 mm bag label shared by the apheresis and product templates (four 45 mm quadrants, 3 mm margins). */
function bagElements(withManufacturerReference: boolean): LabelElement[] {
  return [
    { kind: 'rule', from: { x: 50, y: 3 }, to: { x: 50, y: 94 } },
    { kind: 'rule', from: { x: 3, y: 50 }, to: { x: 97, y: 50 } },
    // Upper left: what the Code 128 carries, the symbol, the eye-readable DIN, the COI and the bag count.
    { ...stacked('barcodeCaption', box(3, 3, 45, 3.2), 6, 6, false), layout: 'inline' },
    { kind: 'code128', box: box(3, 6.6, 45, 13), minModuleMm: 0.19, maxModuleMm: 0.5 },
    { kind: 'din', box: box(3, 20.2, 45, 6.5), size: 9 },
    stacked('coi', box(3, 28, 45, 8.5), 9, 6),
    stacked('container', box(3, 38, 45, 9), 9, 7),
    // Upper right: what the product is, how it is stored.
    { ...stacked('title', box(52, 3, 45, 10), 10, 8), split: true },
    stacked('product', box(52, 14, 45, 8.5), 8, 6),
    ...(withManufacturerReference ? [stacked('manufacturerReference', box(52, 23.5, 45, 8.5), 8, 6)] : []),
    stacked('storageCondition', box(52, 33, 45, 7.2), 7, 5.5, false),
    { ...stacked('storageTemperature', box(52, 41, 45, 7), 12, 8), layout: 'inline' },
    // Lower left: the patient, 2-3 identifiers.
    { ...stacked('patientHeader', box(3, 52, 45, 3.5), 6.5, 6.5), layout: 'inline' },
    stacked('patientName', box(3, 56, 45, 7.6), 11, 7),
    { ...stacked('patientNameLatin', box(3, 63.8, 45, 4), 8, 6), layout: 'inline' },
    stacked('birthDate', box(3, 68, 45, 6.3), 8, 6),
    stacked('identifier1', box(3, 74.5, 45, 6.3), 8, 6),
    stacked('identifier2', box(3, 81, 45, 6.3), 8, 6),
    stacked('identifier3', box(3, 87.5, 45, 6.3), 8, 6),
    // Lower right: collection, use, the DataMatrix.
    stacked('collectedAt', box(52, 52, 45, 6.3), 8, 6),
    stacked('facility', box(52, 58.8, 45, 6.3), 8, 6),
    { ...stacked('autologous', box(52, 65.3, 45, 5.8), 6.5, 6.5), split: true },
    { ...stacked('verify', box(52, 72, 21, 21), 5.5, 5.5, false), split: true, wrap: true },
    { kind: 'datamatrix', box: box(74, 71.5, 23, 23), minModuleMm: 0.25, maxModuleMm: 0.6 },
    // Along the bottom: the template and the print time.
    { ...stacked('template', box(3, 94.8, 45, 2.2), 5, 5, false), layout: 'inline', captionSize: 5 },
    { ...stacked('printedAt', box(52, 94.8, 45, 2.2), 5, 5, false), layout: 'inline', captionSize: 5, align: 'right' },
  ];
}

const APHERESIS_BAG_1: LabelTemplate = {
  id: 'apheresis-bag',
  version: 1,
  title: TEMPLATE_TITLES['apheresis-bag'],
  widthMm: 100,
  heightMm: 100,
  container: 'bag',
  code128: 'din-or-coi',
  requires: ['storage'],
  elements: bagElements(false),
};

const PRODUCT_BAG_1: LabelTemplate = {
  id: 'product-bag',
  version: 1,
  title: TEMPLATE_TITLES['product-bag'],
  widthMm: 100,
  heightMm: 100,
  container: 'bag',
  code128: 'din-or-coi',
  requires: ['product', 'storage'],
  elements: bagElements(true),
};

/** 70 x 45 mm tube label: the COI's Code 128 across the top, the patient on the left, the DataMatrix on the right. */
const SPECIMEN_1: LabelTemplate = {
  id: 'specimen',
  version: 1,
  title: TEMPLATE_TITLES.specimen,
  widthMm: 70,
  heightMm: 45,
  container: 'tube',
  code128: 'coi',
  requires: [],
  elements: [
    { ...stacked('title', box(2, 2, 24, 3.6), 7, 7), layout: 'inline' },
    { ...stacked('template', box(27, 2.3, 41, 3), 4.8, 4.8, false), layout: 'inline', captionSize: 4.8, align: 'right' },
    { kind: 'code128', box: box(2, 6, 66, 8), minModuleMm: 0.19, maxModuleMm: 0.4 },
    { ...stacked('coi', box(2, 14.6, 66, 3.2), 6.5, 5), layout: 'inline', captionSize: 5 },
    { ...stacked('patientName', box(2, 18.4, 48, 3.4), 8, 6), layout: 'inline', captionSize: 5 },
    { ...stacked('patientNameLatin', box(2, 22, 48, 2.9), 6, 5), layout: 'inline' },
    { ...stacked('birthDate', box(2, 25.1, 48, 2.9), 6, 5), layout: 'inline', captionSize: 5 },
    { ...stacked('identifier1', box(2, 28.2, 48, 2.9), 6, 5), layout: 'inline', captionSize: 5 },
    { ...stacked('identifier2', box(2, 31.3, 48, 2.9), 6, 5), layout: 'inline', captionSize: 5 },
    { ...stacked('identifier3', box(2, 34.4, 48, 2.9), 6, 5), layout: 'inline', captionSize: 5 },
    { ...stacked('collectedAt', box(2, 37.5, 48, 2.9), 6, 5), layout: 'inline', captionSize: 5 },
    { kind: 'datamatrix', box: box(52, 18.4, 16, 16), minModuleMm: 0.25, maxModuleMm: 0.5 },
    { ...stacked('container', box(52, 34.8, 16, 5.2), 5, 4.5), split: true, showCaption: false },
    { ...stacked('printedAt', box(2, 40.8, 66, 2.2), 5, 5, false), layout: 'inline', captionSize: 5 },
  ],
};

export const LABEL_TEMPLATES: Readonly<Record<string, LabelTemplate>> = Object.fromEntries(
  [APHERESIS_BAG_1, PRODUCT_BAG_1, SPECIMEN_1].map((t) => [templateKey(t), t]),
);

/** Template keys as accepted in print input, e.g. "apheresis-bag@1". */
export const TEMPLATE_KEYS = Object.keys(LABEL_TEMPLATES) as [string, ...string[]];
