import { PDFDocument, PDFHexString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { mmBox } from '../../src/custody/print/label-layout.js';
import { buildLabelSheet, type LabelSheet, type LabelSheetInput } from '../../src/custody/print/labels.js';
import { decodePayload } from '../../src/custody/print/payload.js';
import { LABEL_TEMPLATES } from '../../src/custody/print/templates.js';
import { ApiError } from '../../src/errors.js';
import { COI, decode, DIN_BARCODE, grow, labelInput, openPdf, pageChars, pageText, render } from './support.js';

function barcodeAreas(key: string): { code128: ReturnType<typeof mmBox>; datamatrix: ReturnType<typeof mmBox> } {
  const template = LABEL_TEMPLATES[key];
  const code128 = template?.elements.find((e) => e.kind === 'code128');
  const datamatrix = template?.elements.find((e) => e.kind === 'datamatrix');
  if (!code128 || code128.kind !== 'code128' || !datamatrix || datamatrix.kind !== 'datamatrix') throw new Error(`${key} lacks a barcode`);
  return { code128: mmBox(code128.box), datamatrix: mmBox(datamatrix.box) };
}

/** Renders each page with MuPDF and reads every label's two barcodes with ZXing. */
function readBarcodes(sheet: LabelSheet, dpi: number): { code128: string; dataMatrix: string }[] {
  const doc = openPdf(sheet.bytes);
  const areas = barcodeAreas(sheet.metadata.template.key);
  const pages = new Map<number, ReturnType<typeof render>>();
  return sheet.metadata.labels.map((label) => {
    const image = pages.get(label.page) ?? render(doc, label.page, dpi);
    pages.set(label.page, image);
    const at = (b: typeof areas.code128): typeof b => ({ ...b, x: b.x + label.position.x, y: b.y + label.position.y });
    return { code128: decode(image, at(areas.code128), 'code128'), dataMatrix: decode(image, grow(at(areas.datamatrix), 3), 'datamatrix') };
  });
}

async function refusal(input: LabelSheetInput): Promise<{ path: string; rule: string }[]> {
  try {
    await buildLabelSheet(input);
  } catch (err) {
    if (err instanceof ApiError) return (err.details.issues ?? []).map((i) => ({ path: i.path, rule: i.rule }));
    throw err;
  }
  throw new Error('the input was printed');
}

describe('label sheet', () => {
  it('prints one apheresis-bag label per bag whose Code 128 and DataMatrix decode back to the identifiers', async () => {
    const sheet = await buildLabelSheet(labelInput());
    expect(sheet.metadata.pageCount).toBe(3);
    expect(sheet.metadata.template).toEqual({ id: 'apheresis-bag', version: 1, key: 'apheresis-bag@1' });
    const read = readBarcodes(sheet, 600);
    expect(read).toHaveLength(3);
    read.forEach((codes, i) => {
      expect(codes.code128).toBe(DIN_BARCODE);
      expect(codes.dataMatrix).toBe(sheet.metadata.labels[i]?.dataMatrix);
      expect(decodePayload(codes.dataMatrix)).toEqual({
        chainOfIdentityId: COI.id,
        din: 'A99992600004200',
        container: { n: i + 1, total: 3 },
        productCode: 'S1234V00',
        template: { id: 'apheresis-bag', version: 1 },
      });
    });
  });

  it('carries the COI in the Code 128 when no DIN is assigned, and says so on the label', async () => {
    const sheet = await buildLabelSheet(labelInput({ din: null, containers: { total: 1 } }));
    const [codes] = readBarcodes(sheet, 600);
    expect(codes?.code128).toBe('&/CHA999926000042');
    expect(decodePayload(codes?.dataMatrix ?? '').din).toBeNull();
    const text = pageText(openPdf(sheet.bytes), 0);
    expect(text).toContain('身分鏈識別碼 Chain of identity');
    expect(text).toContain('未配發 not assigned');
  });

  it('prints product-bag and specimen labels that decode, the specimen carrying the COI in its Code 128', async () => {
    const product = await buildLabelSheet(labelInput({ template: 'product-bag@1', manufacturerReference: 'KYM-LOT-88231', containers: { total: 2, print: [2] } }));
    const [bag] = readBarcodes(product, 600);
    expect(bag?.code128).toBe(DIN_BARCODE);
    expect(decodePayload(bag?.dataMatrix ?? '')).toMatchObject({ container: { n: 2, total: 2 }, template: { id: 'product-bag', version: 1 } });
    expect(pageText(openPdf(product.bytes), 0)).toContain('KYM-LOT-88231');

    const specimen = await buildLabelSheet(labelInput({ template: 'specimen@1', storage: null, product: null, containers: { total: 2 } }));
    const tubes = readBarcodes(specimen, 600);
    expect(tubes.map((t) => t.code128)).toEqual([COI.barcodeData, COI.barcodeData]);
    expect(tubes.map((t) => decodePayload(t.dataMatrix).container)).toEqual([{ n: 1, total: 2 }, { n: 2, total: 2 }]);
  });

  it('lays several labels on one A4 sheet with every barcode still readable', async () => {
    const sheet = await buildLabelSheet(labelInput({ template: 'specimen@1', media: 'a4-sheet', containers: { total: 3 } }));
    expect(sheet.metadata.pageCount).toBe(1);
    expect(new Set(sheet.metadata.labels.map((l) => `${l.position.x},${l.position.y}`)).size).toBe(3);
    const read = readBarcodes(sheet, 400);
    expect(read.map((r) => r.dataMatrix)).toEqual(sheet.metadata.labels.map((l) => l.dataMatrix));
    expect(read.every((r) => r.code128 === COI.barcodeData)).toBe(true);
  });

  it('prints both languages, the patient identifiers and the template version, with no character outside its label', async () => {
    for (const [template, media] of [['apheresis-bag@1', 'label-roll'], ['specimen@1', 'a4-sheet']] as const) {
      const sheet = await buildLabelSheet(labelInput({ template, media, containers: { total: 2 } }));
      const doc = openPdf(sheet.bytes);
      const size = { width: LABEL_TEMPLATES[template]?.widthMm ?? 0, height: LABEL_TEMPLATES[template]?.heightMm ?? 0 };
      for (const label of sheet.metadata.labels) {
        const text = pageText(doc, label.page);
        for (const expected of ['姓名 Name', '王小明', 'WANG Hsiao-Ming', '01234567', 'A123456789', 'CART-0042', COI.id, template]) expect(text).toContain(expected);
        expect(text).not.toContain('\ufffd');
        const chars = pageChars(doc, label.page);
        expect(chars.some((c) => /\p{Script=Han}/u.test(c.c))).toBe(true);
        expect(chars.some((c) => /[A-Za-z]/.test(c.c))).toBe(true);
        const inside = (c: (typeof chars)[number]): boolean =>
          sheet.metadata.labels.some(
            (l) => l.page === label.page && c.left >= l.position.x - 0.01 && c.top >= l.position.y - 0.01 && c.right <= l.position.x + size.width * (72 / 25.4) + 0.01 && c.bottom <= l.position.y + size.height * (72 / 25.4) + 0.01,
          );
        expect(chars.filter((c) => c.c.trim() !== '' && !inside(c))).toEqual([]);
      }
    }
  });

  it('gives identical bytes for identical input, and other bytes for another print time', async () => {
    const a = await buildLabelSheet(labelInput());
    const b = await buildLabelSheet(labelInput());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const later = await buildLabelSheet(labelInput({ now: '2026-03-02T02:01:00Z' }));
    expect(Buffer.from(later.bytes).equals(Buffer.from(a.bytes))).toBe(false);
    expect(later.metadata.contentSha256).not.toBe(a.metadata.contentSha256);
  });

  it('writes its metadata into the PDF: title, subject, producer, creator, dates from now and the file identifier', async () => {
    const sheet = await buildLabelSheet(labelInput());
    const pdf = await PDFDocument.load(sheet.bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(sheet.metadata.title);
    expect(sheet.metadata.title).toContain('apheresis-bag@1');
    expect(pdf.getSubject()).toBe(sheet.metadata.subject);
    expect(pdf.getProducer()).toBe(sheet.metadata.producer);
    expect(pdf.getCreator()).toBe(sheet.metadata.creator);
    expect(pdf.getKeywords()).toBe('apheresis-bag@1 CHA999926000042 A999926000042');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(pdf.getModificationDate()?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    const id = pdf.context.trailerInfo.ID;
    expect(id?.toString()).toBe(`[ ${PDFHexString.of(sheet.metadata.documentId).toString()} ${PDFHexString.of(sheet.metadata.documentId).toString()} ]`);
    expect(sheet.metadata.documentId).toBe(sheet.metadata.contentSha256.slice(0, 32).toUpperCase());
  });

  it('keeps the PDF small by embedding only the glyphs drawn', async () => {
    const sheet = await buildLabelSheet(labelInput());
    // The two faces are 7 MB each; subsets of the few dozen glyphs a label uses are a few kB.
    expect(sheet.bytes.length).toBeLessThan(80_000);
  });
});

describe('label sheet refusals', () => {
  it('refuses a patient with fewer than 2 or more than 3 identifiers, and prints 2 or 3', async () => {
    const ids = [...labelInput().patient.identifiers, { kind: 'passport' as const, value: 'P1234567' }];
    const withIds = (n: number): LabelSheetInput => labelInput({ patient: { ...labelInput().patient, identifiers: ids.slice(0, n) } });
    expect(await refusal(withIds(1))).toEqual([{ path: 'patient.identifiers', rule: 'print.input-invalid' }]);
    await expect(buildLabelSheet(withIds(2))).resolves.toBeDefined();
    await expect(buildLabelSheet(withIds(3))).resolves.toBeDefined();
    expect(await refusal(withIds(4))).toEqual([{ path: 'patient.identifiers', rule: 'print.input-invalid' }]);
  });

  it('refuses a character the font cannot draw, naming the field', async () => {
    const input = labelInput({ patient: { ...labelInput().patient, name: '王\ue000明' } });
    expect(await refusal(input)).toEqual([{ path: 'patient.name', rule: 'print.glyph-missing' }]);
  });

  it('refuses a product-bag label without its product, and a bag number above the count', async () => {
    expect(await refusal(labelInput({ template: 'product-bag@1', product: null }))).toEqual([{ path: 'product', rule: 'print.template-needs-field' }]);
    expect(await refusal(labelInput({ containers: { total: 3, print: [3, 4] } }))).toEqual([{ path: 'containers.print.1', rule: 'print.container-out-of-range' }]);
    await expect(buildLabelSheet(labelInput({ containers: { total: 3, print: [3] } }))).resolves.toBeDefined();
  });

  it('refuses an unknown template version', async () => {
    expect(await refusal(labelInput({ template: 'apheresis-bag@2' }))).toEqual([{ path: 'template', rule: 'print.input-invalid' }]);
  });
});
