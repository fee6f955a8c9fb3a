import { PDFDocument, PDFHexString } from 'pdf-lib';
import { SERVER_VERSION } from '../../version.js';
import { embedFonts, type Fonts } from './font.js';

/** What a printed document says about itself; the same values are written into the PDF's information dictionary. */
export interface PrintMetadata {
  readonly title: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly producer: string;
  readonly creator: string;
  /** The input's `now`, as given: the PDF's creation and modification dates. */
  readonly creationDate: string;
  /** SHA-256 (hex) of the canonical JSON of the validated input: the same content gives the same hash. */
  readonly contentSha256: string;
  /** The PDF file identifier: the first 32 hex digits of contentSha256. */
  readonly documentId: string;
  readonly pageCount: number;
}

export interface PrintedDocument<M extends PrintMetadata = PrintMetadata> {
  readonly bytes: Uint8Array;
  readonly metadata: M;
}

export const PRODUCER = `cartographer ${SERVER_VERSION} (pdf-lib, bwip-js, Noto Sans TC)`;
export const CREATOR = 'cartographer custody print';

export interface NewDocument {
  readonly doc: PDFDocument;
  readonly fonts: Fonts;
}

/** A document with no clock in it: pdf-lib's own default dates are switched off and set from `now` when saved. */
export async function newDocument(): Promise<NewDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  return { doc, fonts: await embedFonts(doc) };
}

/**
 * Writes the metadata and the file identifier, then saves. pdf-lib's only other source of
 * variation, its random resource names, comes from a generator seeded per document, so the same
 * input gives the same bytes.
 */
export async function saveDocument(doc: PDFDocument, meta: Omit<PrintMetadata, 'producer' | 'creator' | 'documentId' | 'pageCount'>): Promise<PrintedDocument> {
  const when = new Date(meta.creationDate);
  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setKeywords([...meta.keywords]);
  doc.setProducer(PRODUCER);
  doc.setCreator(CREATOR);
  doc.setLanguage('zh-TW');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const documentId = meta.contentSha256.slice(0, 32).toUpperCase();
  const id = PDFHexString.of(documentId);
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  const bytes = await doc.save({ useObjectStreams: true });
  return {
    bytes,
    metadata: { ...meta, producer: PRODUCER, creator: CREATOR, documentId, pageCount: doc.getPageCount() },
  };
}
