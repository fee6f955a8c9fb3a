/** The team's roles (design.md "Users"); every user has exactly one. */
export const ROLES = [
  'physician',
  'nurse',
  'pharmacist',
  'cell-therapy-technologist',
  'case-manager',
  'psychologist',
  'social-worker',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
