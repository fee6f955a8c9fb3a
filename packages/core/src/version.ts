/**
 * Version of the clinical ruleset. Stored with every assessment so that it can be reproduced.
 * Bump the minor part when a rule, threshold or dose changes; the patch part for wording only.
 */
export const RULESET_VERSION = '2026.13.0';
