/**
 * The shape and order of rule codes. A code is `AIS` and three digits whose first digit names the family
 * (`AIS1xx` deserialization, `AIS4xx` secrets, ...). The secrets family filled AIS400–AIS499, so its new
 * rules take four digits, AIS4000–AIS4999: the leading 4 still names the family, so the code prefix `AIS4`
 * selects all of them, and the existing three-digit codes never change (suppressions, baselines and SARIF
 * results that name them keep working).
 */

/** `AIS123`, or a four-digit secrets code `AIS4123`. */
export const RULE_CODE = /^AIS(?:\d{3}|4\d{3})$/;

export function isRuleCode(id: string): boolean {
  return RULE_CODE.test(id);
}

/** The family digit, the number of digits and the number: `AIS4012` → [4, 4, 4012]. */
function orderKey(id: string): [number, number, number] {
  const digits = id.slice(3);
  // Three-digit codes of a family come before its four-digit ones: AIS499 < AIS4000 < AIS500.
  return [Number(digits[0] ?? 0), digits.length, Number(digits)];
}

/**
 * Code order for tables, SARIF rule descriptors and listings: by family, then three-digit codes before
 * four-digit ones, then by number. Plain string order would put AIS4000 between AIS400 and AIS401.
 */
export function compareRuleCodes(a: string, b: string): number {
  const [fa, la, na] = orderKey(a);
  const [fb, lb, nb] = orderKey(b);
  return fa - fb || la - lb || na - nb || a.localeCompare(b);
}
