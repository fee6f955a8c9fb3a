import zxing from '@zxing/library';
import * as mupdf from 'mupdf';
import type { Box } from '../../src/custody/print/barcodes.js';
import type { CustodyReportInput } from '../../src/custody/print/report.js';
import type { LabelSheetInput } from '../../src/custody/print/labels.js';

const { BinaryBitmap, Code128Reader, DataMatrixReader, DecodeHintType, HybridBinarizer, RGBLuminanceSource } = zxing;

/** A page rendered to 8-bit grey by MuPDF (an independent PDF renderer), `scale` pixels per point. */
export interface Rendered {
  readonly width: number;
  readonly height: number;
  readonly gray: Uint8ClampedArray;
  readonly scale: number;
}

export function openPdf(bytes: Uint8Array): mupdf.Document {
  return mupdf.Document.openDocument(bytes, 'application/pdf');
}

export function render(doc: mupdf.Document, page: number, dpi: number): Rendered {
  const scale = dpi / 72;
  const pixmap = doc.loadPage(page).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false, true);
  return { width: pixmap.getWidth(), height: pixmap.getHeight(), gray: pixmap.getPixels(), scale };
}

function crop(image: Rendered, area: Box): InstanceType<typeof BinaryBitmap> {
  const x0 = Math.max(0, Math.floor(area.x * image.scale));
  const y0 = Math.max(0, Math.floor(area.y * image.scale));
  const x1 = Math.min(image.width, Math.ceil((area.x + area.width) * image.scale));
  const y1 = Math.min(image.height, Math.ceil((area.y + area.height) * image.scale));
  const width = x1 - x0;
  const height = y1 - y0;
  const pixels = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) pixels.set(image.gray.subarray((y0 + y) * image.width + x0, (y0 + y) * image.width + x1), y * width);
  return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, width, height)));
}

const HINTS = new Map([[DecodeHintType.TRY_HARDER, true]]);

/** Reads the barcode found in `area` (points from the page's top-left) with ZXing; throws when none can be read. */
export function decode(image: Rendered, area: Box, symbology: 'code128' | 'datamatrix'): string {
  const reader = symbology === 'code128' ? new Code128Reader() : new DataMatrixReader();
  return reader.decode(crop(image, area), HINTS).getText();
}

export function grow(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

export interface PageChar {
  readonly c: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Every character MuPDF extracts from a page with its quad's bounds (points, y down). */
export function pageChars(doc: mupdf.Document, page: number): PageChar[] {
  const chars: PageChar[] = [];
  doc
    .loadPage(page)
    .toStructuredText('preserve-whitespace')
    .walk({
      onChar(c, _origin, _font, _size, quad) {
        const xs = [quad[0], quad[2], quad[4], quad[6]];
        const ys = [quad[1], quad[3], quad[5], quad[7]];
        chars.push({ c, left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) });
      },
    });
  return chars;
}

export function pageText(doc: mupdf.Document, page: number): string {
  return doc.loadPage(page).toStructuredText('preserve-whitespace').asText();
}

export const PATIENT = {
  name: '王小明',
  nameLatin: 'WANG Hsiao-Ming',
  birthDate: '1988-07-14',
  identifiers: [
    { kind: 'medical-record-number' as const, value: '01234567' },
    { kind: 'national-id' as const, value: 'A123456789' },
    { kind: 'program-id' as const, value: 'CART-0042' },
  ],
};

/** An ISBT 128 chain-of-identity identifier (data structure 040) and DIN; check characters by ISO 7064 Mod 37-2. */
export const COI = { id: 'CHA999926000042', checkCharacter: 'I', barcodeData: '&/CHA999926000042' };
export const DIN = { identifier: 'A999926000042', flags: '00', checkCharacter: 'R' };
export const DIN_BARCODE = '=A99992600004200';

export function labelInput(overrides: Partial<LabelSheetInput> = {}): LabelSheetInput {
  return {
    template: 'apheresis-bag@1',
    now: '2026-03-02T02:00:00Z',
    chainOfIdentity: COI,
    din: DIN,
    product: { code: 'S1234V00', name: 'Tisagenlecleucel' },
    patient: PATIENT,
    collection: { at: '2026-03-01T01:30:00Z', facility: '臺大醫院 細胞治療中心' },
    storage: { condition: 'refrigerated', lowCelsius: 2, highCelsius: 8 },
    containers: { total: 3 },
    ...overrides,
  };
}

const EVENTS = ['白血球分離術採集 Apheresis collection', '2–8 °C 暫存 Storage at 2–8 °C', '冷凍保存 Cryopreservation', '出貨 Shipment out', '接收 Receipt', '床邊核對 Bedside check', '解凍 Thaw', '輸注 Infusion'];

export function reportRows(count: number): CustodyReportInput['rows'] {
  return Array.from({ length: count }, (_, i) => ({
    at: new Date(Date.UTC(2026, 2, 1, 1, 30) + i * 7 * 3_600_000).toISOString(),
    event: EVENTS[i % EVENTS.length] ?? '',
    who: i % 3 === 0 ? '陳護理師 (nurse); 林藥師 (pharmacist)' : '陳護理師 (nurse)',
    where: i % 2 === 0 ? '病房 7B Ward 7B' : '細胞處理室 Cell processing unit, BSC 2',
    scannedIdentifiers: i % 4 === 0 ? [COI.barcodeData, DIN_BARCODE] : [COI.barcodeData],
    temperature: i % 5 === 0 ? null : { value: i % 2 === 0 ? -150.5 : 4.2, unit: 'Cel' as const },
    outcome: '符合 Matched',
    outcomeKind: 'ok' as const,
  }));
}

export function reportInput(overrides: Partial<CustodyReportInput> = {}): CustodyReportInput {
  return {
    now: '2026-03-20T08:00:00Z',
    chainOfIdentity: COI,
    din: DIN,
    product: { code: 'S1234V00', name: 'Tisagenlecleucel' },
    manufacturerReferences: ['Batch KYM-LOT-88231'],
    patient: PATIENT,
    rows: reportRows(40),
    ...overrides,
  };
}
