import type * as z from 'zod';
import { ApiError, registerText } from '../../errors.js';

registerText({
  en: {
    'print.input-invalid': 'This value cannot be printed: {detail}.',
    'print.template-needs-field': 'The {template} label needs this field.',
    'print.container-out-of-range': 'Container {n} is not between 1 and {total}.',
    'print.glyph-missing': 'The character "{character}" cannot be printed with the label font: write the value another way (e.g. the romanised name).',
    'print.text-too-long': 'The text does not fit its place on the {template} document even at the smallest print size ({minimum} pt): shorten it.',
    'print.barcode-too-dense': 'The value is too long for the barcode area of {template}: its bars would be narrower than {minimum} mm.',
    'print.payload-invalid': 'The scanned code is not a chain-of-identity payload: {detail}.',
  },
  'zh-TW': {
    'print.input-invalid': '此值無法列印：{detail}。',
    'print.template-needs-field': '{template} 標籤需要此欄位。',
    'print.container-out-of-range': '容器編號 {n} 不在 1 到 {total} 之間。',
    'print.glyph-missing': '標籤字型無法列印字元「{character}」：請改用其他寫法（例如羅馬拼音姓名）。',
    'print.text-too-long': '即使縮到最小字級（{minimum} pt），文字仍放不進 {template} 文件上的位置：請縮短。',
    'print.barcode-too-dense': '此值對 {template} 的條碼區太長：條碼線寬會小於 {minimum} mm。',
    'print.payload-invalid': '掃描到的條碼不是身分鏈內容：{detail}。',
  },
});

/** Parses print input; a failure is a 400 naming each field path (the routes validate first, so this guards direct callers). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ApiError('invalid-input', {
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      rule: 'print.input-invalid',
      params: { detail: issue.message },
    })),
  });
}
