/**
 * The value a JavaScript or TypeScript class keeps in `this.x`: the one `this.x = value` assignment in its
 * methods or the one field declaration `x = value`. Python's `self.x` has the same lookup in `app-sinks.ts`
 * (`creationOf`); both let a sink know what an object field holds (`this.process = spawn("python", ["-i"])`).
 */
import type { Node } from 'web-tree-sitter';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { ancestorsOf } from '../../../engine/resolve/walk';

const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);
const FIELD_TYPES = new Set(['public_field_definition', 'field_definition']);

/**
 * The value of `this.name` for a `this.name` member expression, when its class assigns it exactly once. A
 * placeholder (`this.process = null`, `undefined`, a field declared without a value) does not count, as a
 * process is often cleared when it stops and started again by one method.
 */
export function thisFieldValue(member: Node): Node | undefined {
  const node = unwrapExpression(member);
  if (node.type !== 'member_expression' || node.childForFieldName('object')?.type !== 'this') return undefined;
  const name = node.childForFieldName('property')?.text;
  const cls = ancestorsOf(node).find((ancestor) => CLASS_TYPES.has(ancestor.type));
  const body = cls?.childForFieldName('body');
  if (!name || !body) return undefined;
  const values: Node[] = [];
  for (const field of body.namedChildren) {
    if (!field || !FIELD_TYPES.has(field.type)) continue;
    const value = field.childForFieldName('value');
    if ((field.childForFieldName('name') ?? field.childForFieldName('property'))?.text === name && value) values.push(value);
  }
  for (const assignment of body.descendantsOfType('assignment_expression')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (left && right && unwrapExpression(left).type === 'member_expression' && unwrapExpression(left).text === `this.${name}`) values.push(right);
  }
  const kept = values.filter((value) => !isPlaceholder(value));
  return kept.length === 1 ? kept[0] : undefined;
}

function isPlaceholder(value: Node): boolean {
  const node = unwrapExpression(value);
  return node.type === 'null' || node.type === 'undefined' || (node.type === 'identifier' && node.text === 'undefined');
}
