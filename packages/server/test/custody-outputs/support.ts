import type { Bundle, Resource } from '@medplum/fhirtypes';
import { mmBox } from '../../src/custody/print/label-layout.js';
import { MARGIN, PAGE } from '../../src/custody/print/report-layout.js';
import { LABEL_TEMPLATES } from '../../src/custody/print/templates.js';
import { decode, grow, openPdf, pageText, render } from '../custody-print/support.js';

/** The two barcodes of every label of a label-roll PDF (one label per page), read back by MuPDF and ZXing. */
export function readLabelRoll(bytes: Uint8Array, templateKey: string): { code128: string; dataMatrix: string }[] {
  const template = LABEL_TEMPLATES[templateKey];
  const code128 = template?.elements.find((e) => e.kind === 'code128');
  const datamatrix = template?.elements.find((e) => e.kind === 'datamatrix');
  if (code128?.kind !== 'code128' || datamatrix?.kind !== 'datamatrix') throw new Error(`${templateKey} lacks a barcode`);
  const doc = openPdf(bytes);
  return Array.from({ length: doc.countPages() }, (_, page) => {
    const image = render(doc, page, 600);
    return { code128: decode(image, mmBox(code128.box), 'code128'), dataMatrix: decode(image, grow(mmBox(datamatrix.box), 3), 'datamatrix') };
  });
}

/** The Code 128 in the report's header (the course's COI). */
export function readReportHeader(bytes: Uint8Array): string {
  return decode(render(openPdf(bytes), 0, 300), { x: PAGE.width - MARGIN.right - 210, y: MARGIN.top - 6, width: 220, height: 46 }, 'code128');
}

/** Every page's text, joined, each run of white space (a wrapped line) read as one space. */
export function pdfText(bytes: Uint8Array): string {
  const doc = openPdf(bytes);
  return Array.from({ length: doc.countPages() }, (_, p) => pageText(doc, p))
    .join('\n')
    .replace(/\s+/g, ' ');
}

export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export function entries(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
}

export interface Issue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export function issuesOf(body: string): Issue[] {
  return (JSON.parse(body) as { issues?: Issue[] }).issues ?? [];
}
