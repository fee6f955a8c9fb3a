import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { canonicalJson, formatInstant, sha256Hex } from '../../src/custody/print/format.js';
import { BODY_BOTTOM, MARGIN, PAGE } from '../../src/custody/print/report-layout.js';
import { buildCustodyReport, CustodyReportInputSchema, planCustodyReport, type CustodyReportInput } from '../../src/custody/print/report.js';
import { ApiError } from '../../src/errors.js';
import { COI, decode, openPdf, pageChars, pageText, render, reportInput, reportRows } from './support.js';

/** The same event repeated: every row is as tall as the next, so the page break falls at a known count. */
function sameRows(count: number): CustodyReportInput['rows'] {
  const [row] = reportRows(1);
  if (!row) throw new Error('no row');
  return Array.from({ length: count }, (_, i) => ({ ...row, at: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString() }));
}

describe('chain-of-custody report', () => {
  it('prints 40 events over several A4 pages whose header Code 128 decodes to the COI', async () => {
    const report = await buildCustodyReport(reportInput());
    expect(report.metadata.pageCount).toBeGreaterThanOrEqual(2);
    expect(report.metadata.rowCount).toBe(40);
    const doc = openPdf(report.bytes);
    expect(doc.loadPage(0).getBounds()).toEqual([0, 0, expect.closeTo(PAGE.width, 2), expect.closeTo(PAGE.height, 2)]);
    const image = render(doc, 0, 300);
    expect(decode(image, { x: PAGE.width - MARGIN.right - 210, y: MARGIN.top - 6, width: 220, height: 46 }, 'code128')).toBe(COI.barcodeData);
    expect(report.metadata.code128).toBe(COI.barcodeData);
  });

  it('repeats the bilingual table header and foots every page with the time, page n of N and the content hash', async () => {
    const input = reportInput();
    const report = await buildCustodyReport(input);
    const doc = openPdf(report.bytes);
    const pages = report.metadata.pageCount;
    const expectedHash = sha256Hex(canonicalJson(CustodyReportInputSchema.parse(input)));
    expect(report.metadata.contentSha256).toBe(expectedHash);
    for (let p = 0; p < pages; p++) {
      const text = pageText(doc, p);
      for (const heading of ['時間', 'Time', '事件', 'Event', '掃描識別碼', 'Scanned identifiers', '溫度', 'Temperature', '結果', 'Outcome']) expect(text).toContain(heading);
      expect(text).toContain(`第 ${p + 1} 頁，共 ${pages} 頁 Page ${p + 1} of ${pages}`);
      expect(text).toContain('產生時間 Generated 2026-03-20 16:00 +08:00');
      expect(text).toContain(`內容雜湊 Content SHA-256 ${expectedHash}`);
      expect(text).toContain(COI.id);
    }
    const first = pageText(doc, 0);
    for (const expected of ['細胞產品身分鏈與監管鏈報告', 'Chain of identity and chain of custody report', '王小明', '01234567', 'A123456789', 'CART-0042', 'S1234V00', 'Batch KYM-LOT-88231']) expect(first).toContain(expected);
    expect(pageText(doc, 1)).toContain('（續）');
  });

  it('prints every row once, in order, on the page the plan put it, inside the page body', async () => {
    const input = reportInput();
    const { plan, data } = await planCustodyReport(input);
    const report = await buildCustodyReport(input);
    const doc = openPdf(report.bytes);
    expect(plan.rowPages).toHaveLength(40);
    expect([...plan.rowPages].sort((a, b) => a - b)).toEqual(plan.rowPages);
    data.rows.forEach((row, i) => {
      const page = plan.rowPages[i] ?? -1;
      const time = formatInstant(row.at, 'Asia/Taipei').split(' ')[0] ?? '';
      expect(pageText(doc, page)).toContain(time);
      const items = plan.pages[page]?.filter((item) => item.element === i) ?? [];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) if (item.kind === 'text') expect(item.baseline).toBeLessThan(BODY_BOTTOM);
    });
    for (let p = 0; p < report.metadata.pageCount; p++) {
      const outside = pageChars(doc, p).filter((c) => c.c.trim() !== '' && (c.left < MARGIN.left - 0.5 || c.right > PAGE.width - MARGIN.right + 0.5 || c.top < MARGIN.top - 10 || c.bottom > PAGE.height - 12));
      expect(outside).toEqual([]);
    }
  });

  it('breaks the page exactly when the next row would cross the footer', async () => {
    const many = await planCustodyReport(reportInput({ rows: sameRows(60) }));
    const fitting = many.plan.rowPages.filter((p) => p === 0).length;
    expect(fitting).toBeGreaterThan(5);
    const pagesFor = async (n: number): Promise<number> => (await planCustodyReport(reportInput({ rows: sameRows(n) }))).plan.pages.length;
    expect(await pagesFor(fitting - 1)).toBe(1);
    expect(await pagesFor(fitting)).toBe(1);
    expect(await pagesFor(fitting + 1)).toBe(2);
  });

  it('marks deviations and hard stops in bold, and says when there is nothing to report', async () => {
    const rows = reportRows(3).map((r, i) => ({ ...r, outcomeKind: (['ok', 'deviation', 'hard-stop'] as const)[i] ?? 'ok', outcome: i === 2 ? '掃描識別碼不符 Identifier mismatch' : r.outcome }));
    const { plan } = await planCustodyReport(reportInput({ rows }));
    const marks = plan.pages.flat().filter((item) => item.kind === 'text' && item.weight === 'bold' && item.element >= 0).map((item) => (item.kind === 'text' ? `${item.element}:${item.text}` : ''));
    expect(marks).toEqual(['1:偏差 Deviation', '2:停止 Stopped']);
    const empty = await buildCustodyReport(reportInput({ rows: [] }));
    expect(empty.metadata.pageCount).toBe(1);
    expect(pageText(openPdf(empty.bytes), 0)).toContain('尚無紀錄 No events recorded');
  });

  it('gives identical bytes for identical input and writes its metadata from the input', async () => {
    const a = await buildCustodyReport(reportInput());
    const b = await buildCustodyReport(reportInput());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const pdf = await PDFDocument.load(a.bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(a.metadata.title);
    expect(a.metadata.title).toContain(COI.id);
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-03-20T08:00:00.000Z');
    expect(pdf.getProducer()).toBe(a.metadata.producer);
    const changed = await buildCustodyReport(reportInput({ rows: reportRows(40).map((r, i) => (i === 7 ? { ...r, where: 'BSC 3' } : r)) }));
    expect(changed.metadata.contentSha256).not.toBe(a.metadata.contentSha256);
  });

  it('refuses a row character the font cannot draw, naming the row and field', async () => {
    const rows = reportRows(5).map((r, i) => (i === 3 ? { ...r, who: '陳\ue000' } : r));
    await expect(buildCustodyReport(reportInput({ rows }))).rejects.toSatisfy((err: unknown) => err instanceof ApiError && err.details.issues?.[0]?.path === 'rows.3.who' && err.details.issues[0].rule === 'print.glyph-missing');
  });
});
