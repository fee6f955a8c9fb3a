import { degrees, rgb, type PDFImage, type PDFPage } from 'pdf-lib';
import type { BarcodeImage, Box } from './barcodes.js';
import type { FontWeight, Fonts } from './font.js';

export const POINTS_PER_MM = 72 / 25.4;

/**
 * What is drawn, in points from the top-left corner of its label or page (y down), planned before
 * anything is drawn so that tests can check every position. `element` is the template element
 * (labels) or the table row (reports; -1 for page furniture) the item belongs to.
 */
export type PlannedItem =
  | {
      readonly kind: 'text';
      readonly element: number;
      readonly text: string;
      readonly weight: FontWeight;
      readonly size: number;
      readonly x: number;
      readonly baseline: number;
      /** Turned 90 degrees clockwise: the pen runs down from (x, baseline) and the glyph tops face right. */
      readonly rotated: boolean;
    }
  | { readonly kind: 'image'; readonly element: number; readonly image: BarcodeImage; readonly box: Box; readonly module: number }
  | { readonly kind: 'rect'; readonly element: number; readonly box: Box; readonly lineWidth: number; readonly fillGray?: number }
  | { readonly kind: 'line'; readonly element: number; readonly from: { readonly x: number; readonly y: number }; readonly to: { readonly x: number; readonly y: number }; readonly lineWidth: number };

export interface Origin {
  readonly x: number;
  readonly y: number;
}

/** Embeds each barcode image once per document, however many pages show it. */
export async function embedImages(embed: (png: Uint8Array) => Promise<PDFImage>, items: Iterable<PlannedItem>): Promise<Map<BarcodeImage, PDFImage>> {
  const images = new Map<BarcodeImage, PDFImage>();
  for (const item of items) if (item.kind === 'image' && !images.has(item.image)) images.set(item.image, await embed(item.image.png));
  return images;
}

export function drawItems(page: PDFPage, items: readonly PlannedItem[], at: Origin, fonts: Fonts, images: ReadonlyMap<BarcodeImage, PDFImage>): void {
  const top = page.getHeight();
  const black = rgb(0, 0, 0);
  const y = (down: number): number => top - (at.y + down);
  for (const item of items) {
    switch (item.kind) {
      case 'text':
        page.drawText(item.text, {
          x: at.x + item.x,
          y: y(item.baseline),
          size: item.size,
          font: fonts[item.weight],
          color: black,
          ...(item.rotated ? { rotate: degrees(-90) } : {}),
        });
        break;
      case 'image': {
        const image = images.get(item.image);
        if (!image) throw new Error('A barcode image was planned but not embedded.');
        page.drawImage(image, { x: at.x + item.box.x, y: y(item.box.y + item.box.height), width: item.box.width, height: item.box.height });
        break;
      }
      case 'rect':
        page.drawRectangle({
          x: at.x + item.box.x,
          y: y(item.box.y + item.box.height),
          width: item.box.width,
          height: item.box.height,
          ...(item.lineWidth > 0 ? { borderWidth: item.lineWidth, borderColor: black } : {}),
          ...(item.fillGray === undefined ? {} : { color: rgb(item.fillGray, item.fillGray, item.fillGray) }),
        });
        break;
      case 'line':
        page.drawLine({ start: { x: at.x + item.from.x, y: y(item.from.y) }, end: { x: at.x + item.to.x, y: y(item.to.y) }, thickness: item.lineWidth, color: black });
        break;
    }
  }
}
