import { describe, expect, it } from 'vitest';
import { code128, placeBarcode, QUIET_ZONE_MODULES, type Box } from '../../src/custody/print/barcodes.js';
import { POINTS_PER_MM, type PlannedItem } from '../../src/custody/print/draw.js';
import { measure } from '../../src/custody/print/font.js';
import { canonicalJson, sha256Hex } from '../../src/custody/print/format.js';
import { mmBox } from '../../src/custody/print/label-layout.js';
import { buildLabelSheet, planLabelSheet, type LabelSheetInput } from '../../src/custody/print/labels.js';
import { LABEL_TEMPLATES, TEMPLATE_KEYS, templateKey, type LabelElement, type LabelTemplate } from '../../src/custody/print/templates.js';
import { inkWidth } from '../../src/custody/print/text.js';
import { ApiError } from '../../src/errors.js';
import { labelInput } from './support.js';

const EPSILON = 1e-6;

function boxOf(el: LabelElement): Box | null {
  return el.kind === 'rule' ? null : mmBox(el.box);
}

function within(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x - EPSILON && inner.y >= outer.y - EPSILON && inner.x + inner.width <= outer.x + outer.width + EPSILON && inner.y + inner.height <= outer.y + outer.height + EPSILON;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width - EPSILON && b.x < a.x + a.width - EPSILON && a.y < b.y + b.height - EPSILON && b.y < a.y + a.height - EPSILON;
}

/** The ink of a planned text, from the glyph outlines (not the line's nominal room). */
function inkBox(item: Extract<PlannedItem, { kind: 'text' }>): Box {
  const m = measure(item.text, item.weight, item.size);
  if (item.rotated) return { x: item.x + m.inkBottom, y: item.baseline + m.inkLeft, width: m.inkTop - m.inkBottom, height: m.inkRight - m.inkLeft };
  return { x: item.x + m.inkLeft, y: item.baseline - m.inkTop, width: m.inkRight - m.inkLeft, height: m.inkTop - m.inkBottom };
}

function inputFor(template: LabelTemplate, overrides: Partial<LabelSheetInput> = {}): LabelSheetInput {
  return labelInput({ template: templateKey(template), manufacturerReference: 'KYM-LOT-88231', containers: { total: 12, print: [12] }, ...overrides });
}

async function refusal(input: LabelSheetInput): Promise<{ path: string; rule: string } | null> {
  try {
    await planLabelSheet(input);
    return null;
  } catch (err) {
    if (err instanceof ApiError) return { path: err.details.issues?.[0]?.path ?? '', rule: err.details.issues?.[0]?.rule ?? '' };
    throw err;
  }
}

describe('label templates', () => {
  it('are keyed id@version', () => {
    expect(TEMPLATE_KEYS).toEqual(['apheresis-bag@1', 'product-bag@1', 'specimen@1']);
    for (const [key, template] of Object.entries(LABEL_TEMPLATES)) expect(key).toBe(`${template.id}@${template.version}`);
  });

  it('never change once published: a new layout is a new version', () => {
    // Labels already on bags name their template version; these hashes pin each published layout.
    const published: Record<string, string> = {
      'apheresis-bag@1': '9e981b29feb423a65b88aa6986c6ad0fae94f440d2162b02d97b67aaae70a372',
      'product-bag@1': 'fa622a71849216fe19917914745b24407959257b3f7be84ff73d1ae2cdc6561e',
      'specimen@1': 'f1fb18efbbf3479f12fa1367782fd5c96f65d8b0e8412f61d59bb515f1d34eb4',
    };
    for (const [key, hash] of Object.entries(published)) expect({ key, hash: sha256Hex(canonicalJson(LABEL_TEMPLATES[key])) }).toEqual({ key, hash });
  });

  for (const template of Object.values(LABEL_TEMPLATES)) {
    describe(templateKey(template), () => {
      const label: Box = { x: 0, y: 0, width: template.widthMm * POINTS_PER_MM, height: template.heightMm * POINTS_PER_MM };
      const margin = 1.5 * POINTS_PER_MM;
      const printable: Box = { x: margin, y: margin, width: label.width - 2 * margin, height: label.height - 2 * margin };

      it('keeps every element inside the label margins, without two elements sharing space', () => {
        const boxes = template.elements.map(boxOf);
        for (const b of boxes) if (b) expect(within(b, printable)).toBe(true);
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => a && b && expect(overlaps(a, b)).toBe(false)));
        expect(template.elements.filter((e) => e.kind === 'code128')).toHaveLength(1);
        expect(template.elements.filter((e) => e.kind === 'datamatrix')).toHaveLength(1);
      });

      it('draws every text, barcode and box of a full label inside its own element, with the barcodes\' quiet zones clear', async () => {
        const { labels } = await planLabelSheet(inputFor(template));
        const plan = labels[0]?.plan;
        if (!plan) throw new Error('no plan');
        for (const item of plan.items) {
          const el = template.elements[item.element];
          const area = el ? boxOf(el) : null;
          if (!area) continue;
          switch (item.kind) {
            case 'text':
              expect({ text: item.text, inside: within(inkBox(item), area) }).toEqual({ text: item.text, inside: true });
              break;
            case 'image': {
              const quiet = QUIET_ZONE_MODULES[item.image.symbology] * item.module;
              expect(within({ x: item.box.x - quiet, y: item.box.y, width: item.box.width + 2 * quiet, height: item.box.height }, area)).toBe(true);
              expect(item.module).toBeGreaterThanOrEqual((el?.kind === 'code128' || el?.kind === 'datamatrix' ? el.minModuleMm : 0) * POINTS_PER_MM - EPSILON);
              break;
            }
            case 'rect':
              expect(within(item.box, area)).toBe(true);
              break;
            case 'line':
              break;
          }
        }
        expect(plan.items.some((i) => i.kind === 'text' && i.text.includes(templateKey(template)))).toBe(true);
      });
    });
  }
});

describe('text that does not fit', () => {
  const bag = LABEL_TEMPLATES['apheresis-bag@1'];
  if (!bag) throw new Error('no template');
  const latinBox = bag.elements.find((e) => e.kind === 'field' && e.field === 'patientNameLatin');
  if (!latinBox || latinBox.kind !== 'field') throw new Error('no patientNameLatin element');
  const width = mmBox(latinBox.box).width;
  // The longest run of "W" (a wide letter) that fits at the element's smallest size.
  let longest = 1;
  while (inkWidth('W'.repeat(longest + 1), 'bold', latinBox.minValueSize).width <= width) longest++;

  it('shrinks a long name to fit its box', async () => {
    const name = 'W'.repeat(longest - 4);
    const { labels } = await planLabelSheet(inputFor(bag, { patient: { ...labelInput().patient, nameLatin: name } }));
    const drawn = labels[0]?.plan.items.find((i) => i.kind === 'text' && i.text === name);
    expect(drawn?.kind === 'text' && drawn.size).toBeLessThan(latinBox.valueSize);
    expect(drawn?.kind === 'text' && drawn.size).toBeGreaterThanOrEqual(latinBox.minValueSize);
  });

  it('prints the longest name that fits at the smallest size and refuses one character more', async () => {
    const at = await planLabelSheet(inputFor(bag, { patient: { ...labelInput().patient, nameLatin: 'W'.repeat(longest) } }));
    const drawn = at.labels[0]?.plan.items.find((i) => i.kind === 'text' && i.text === 'W'.repeat(longest));
    expect(drawn?.kind === 'text' && drawn.size).toBe(latinBox.minValueSize);
    expect(await refusal(inputFor(bag, { patient: { ...labelInput().patient, nameLatin: 'W'.repeat(longest + 1) } }))).toEqual({ path: 'patient.nameLatin', rule: 'print.text-too-long' });
  });

  it('refuses a Chinese name too long for the name box on the small specimen label, naming the field', async () => {
    const specimen = LABEL_TEMPLATES['specimen@1'];
    if (!specimen) throw new Error('no template');
    expect(await refusal(inputFor(specimen, { patient: { ...labelInput().patient, name: '王'.repeat(40) } }))).toEqual({ path: 'patient.name', rule: 'print.text-too-long' });
  });
});

describe('barcodes that would be too dense', () => {
  it('prints the longest COI whose Code 128 keeps its minimum bar width, and refuses one character more', async () => {
    const specimen = LABEL_TEMPLATES['specimen@1'];
    const element = specimen?.elements.find((e) => e.kind === 'code128');
    if (!specimen || !element || element.kind !== 'code128') throw new Error('no template');
    const limits = { min: element.minModuleMm * POINTS_PER_MM, max: element.maxModuleMm * POINTS_PER_MM };
    let longest = 3;
    while (placeBarcode(await code128('A'.repeat(longest + 1)), mmBox(element.box), limits)) longest++;
    const coi = (n: number): LabelSheetInput => inputFor(specimen, { chainOfIdentity: { id: 'A'.repeat(n) } });
    await expect(buildLabelSheet(coi(longest))).resolves.toBeDefined();
    expect(await refusal(coi(longest + 1))).toEqual({ path: 'chainOfIdentity.id', rule: 'print.barcode-too-dense' });
  });
});
