/**
 * Printable chain-of-identity documents: label sheets (versioned templates, Code 128 and
 * DataMatrix) and the chain-of-custody report, as PDF bytes from plain, zod-typed input. No
 * database access and no clock: `now` is an input, and the same input gives the same bytes.
 */
export { buildLabelSheet, planLabelSheet, LabelSheetInputSchema, type LabelSheet, type LabelSheetInput, type LabelSheetMetadata, type PrintedLabel } from './labels.js';
export { buildCustodyReport, planCustodyReport, CustodyReportInputSchema, ReportRowSchema, type CustodyReport, type CustodyReportInput, type CustodyReportMetadata } from './report.js';
export { decodePayload, encodePayload, PAYLOAD_TAG, type LabelPayload } from './payload.js';
export { LABEL_TEMPLATES, TEMPLATE_KEYS, templateKey, type LabelTemplate, type TemplateId } from './templates.js';
export { ChainOfIdentitySchema, ChainOfIdentityId, DinSchema, PrintPatientSchema, ProductCode, StorageSchema } from './schemas.js';
export type { PrintMetadata, PrintedDocument } from './document.js';
export { templatesRefusing } from './label-layout.js';
export { LABEL_CAPTIONS } from './captions.js';
