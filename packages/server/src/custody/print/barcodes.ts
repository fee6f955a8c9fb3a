// The ESM build exports `raw` on its default object only.
import bwipjs from 'bwip-js';

/**
 * Barcodes are drawn by bwip-js (a maintained port of Barcode Writer in Pure PostScript) into PNG
 * images at one pixel per module, on an opaque white background: decoders read the transparent
 * default as black on black. The PDF scales each image to whole modules of the chosen X dimension.
 */
export interface BarcodeImage {
  readonly symbology: 'code128' | 'datamatrix';
  readonly text: string;
  readonly png: Uint8Array;
  /** Modules across (bars and spaces for Code 128, columns for DataMatrix). */
  readonly modulesWide: number;
  /** Modules down: 1 for Code 128 (its bars are stretched to the height wanted). */
  readonly modulesHigh: number;
}

export async function code128(text: string): Promise<BarcodeImage> {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text });
  if (!symbol || !('sbs' in symbol)) throw new Error('bwip-js returned no Code 128 pattern.');
  const modulesWide = symbol.sbs.reduce((sum, width) => sum + width, 0);
  const png = await bwipjs.toBuffer({ bcid: 'code128', text, scaleX: 1, scaleY: 1, height: 1, includetext: false, backgroundcolor: 'FFFFFF' });
  return { symbology: 'code128', text, png: new Uint8Array(png), modulesWide, modulesHigh: 1 };
}

export async function dataMatrix(text: string): Promise<BarcodeImage> {
  const [symbol] = bwipjs.raw({ bcid: 'datamatrix', text });
  if (!symbol || !('pixx' in symbol)) throw new Error('bwip-js returned no DataMatrix grid.');
  const png = await bwipjs.toBuffer({ bcid: 'datamatrix', text, scale: 1, backgroundcolor: 'FFFFFF' });
  return { symbology: 'datamatrix', text, png: new Uint8Array(png), modulesWide: symbol.pixx, modulesHigh: symbol.pixy };
}

/** A rectangle in points, measured from the top-left corner of its label or page (y grows downwards). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Module size limits of a barcode area, in points. */
export interface ModuleLimits {
  readonly min: number;
  readonly max: number;
}

/** Quiet zones in modules: Code 128 needs ten on each side, DataMatrix one. */
export const QUIET_ZONE_MODULES = { code128: 10, datamatrix: 1 } as const;

/**
 * Where the symbol goes inside `area` (which includes the quiet zones): the largest module size
 * within the limits, centred; null when even the smallest module would not fit.
 */
export function placeBarcode(image: BarcodeImage, area: Box, limits: ModuleLimits): { box: Box; module: number } | null {
  const quiet = QUIET_ZONE_MODULES[image.symbology];
  const across = image.modulesWide + 2 * quiet;
  const module =
    image.symbology === 'code128'
      ? Math.min(limits.max, area.width / across)
      : Math.min(limits.max, area.width / across, area.height / (image.modulesHigh + 2 * quiet));
  if (module < limits.min) return null;
  const width = image.modulesWide * module;
  const height = image.symbology === 'code128' ? area.height : image.modulesHigh * module;
  return { box: { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }, module };
}
