/**
 * Two shapes the command-origin walk (`python-command-origin.ts`) follows beyond names and calls:
 *
 * - `self.x` in a method, when the class keeps `x` only from its `__init__`: the values `__init__` assigns
 *   (`self.directory = cfg.codes.tmp_directory`) are every value `self.x` can hold, so the attribute has their
 *   origin. Any other write of an attribute named `x` in a class of the file (another method, another object's
 *   `codes.x = ...`), a base class the file does not define, a `None` placeholder (filled in elsewhere), or no
 *   write at all leaves it unknown. Writes from
 *   other files and from top-level functions are not seen: class members are the units incremental analysis
 *   links by attribute name (`incremental/units.ts`), so looking further would make an edit there go unnoticed.
 * - a configuration file the program names itself: a call whose argument is a literal path to a YAML, JSON, TOML
 *   or INI file (`load_config("./ecl/config.yaml")`, `yaml.safe_load(open("config.yml"))`) returns what the
 *   person deploying the program wrote, the same standing as its command-line options.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { ancestorsUpward, enclosingOfType, unparenthesize } from '../../engine/resolve/walk';

const CONFIG_FILE = /\.(?:ya?ml|json|toml|ini|cfg|conf)$/i;
const TUPLE_TARGETS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'expression_list', 'tuple']);
const ASSIGNMENT_TYPES = ['assignment', 'augmented_assignment', 'for_statement', 'with_item', 'named_expression'];

/**
 * The values `self.<name>` can hold when read in `use`'s class: what that class's `__init__` assigns to it
 * (and a class-level binding of the name). Undefined when something else may write it (see the file comment).
 */
export function initOnlyAttributeValues(ctx: AstContext, use: Node, name: string): Node[] | undefined {
  let cls: Node | undefined;
  for (const current of ancestorsUpward(use)) {
    if (current.type === 'class_definition') {
      cls = current;
      break;
    }
  }
  const body = cls?.childForFieldName('body');
  if (!cls || !body) return undefined;
  // A base this file does not define may write the attribute in methods the walk does not see.
  const bases = cls.childForFieldName('superclasses')?.namedChildren.filter((b): b is Node => !!b) ?? [];
  const writes = attributeWritesIn(ctx.root);
  const ownClasses = writes.classNames;
  if (bases.some((b) => b.type !== 'identifier' || (b.text !== 'object' && !ownClasses.has(b.text)))) return undefined;
  const init = body.namedChildren.map((m) => (m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m)).find((m) => m?.type === 'function_definition' && m.childForFieldName('name')?.text === '__init__');
  const values: Node[] = [];
  for (const statement of body.namedChildren) {
    if (statement?.type !== 'expression_statement') continue;
    const assignment = statement.namedChild(0);
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name) {
      const right = assignment.childForFieldName('right');
      if (right?.type === 'none') return undefined;
      if (right) values.push(right);
    }
  }
  for (const { klass, assignment, target, attribute } of writes.byName.get(name) ?? []) {
    // `self.name = ...` in another class of the file, neither a base nor a subclass of this one, writes another object.
    if (klass.id !== cls.id && attribute.childForFieldName('object')?.text === 'self' && enclosingOfType(assignment, CLASS_TYPES)?.id === klass.id && !related(cls, klass)) continue;
    const right = assignment.childForFieldName('right');
    const inInit = !!init && enclosingFunction(assignment)?.id === init.id;
    // `self.start, self.log = self.paths()`: each attribute of the tuple takes the whole value's origin.
    const direct = attribute.id === target.id || (TUPLE_TARGETS.has(target.type) && attribute.parent?.id === target.id);
    if (assignment.type !== 'assignment' || !direct || attribute.childForFieldName('object')?.text !== 'self' || !inInit || !right) return undefined;
    // `self.directory = None`: a placeholder that something else fills in (often another file: `env.codes.directory = d`).
    if (unparenthesize(right).type === 'none') return undefined;
    values.push(right);
  }
  return values.length > 0 ? values : undefined;
}

/** A write of an attribute inside a class of the file: the class, the assignment, its target and the attribute node. */
interface AttributeWrite {
  klass: Node;
  assignment: Node;
  target: Node;
  attribute: Node;
}

/**
 * The attribute writes inside the file's classes by attribute name, in the order a walk of each class in turn
 * meets them (an assignment in a nested class once per enclosing class, as that walk does), and the names of the
 * file's classes. Read once per tree: the question is asked for every `self.x` a command or load reaches, and
 * walking every class for each made a full analysis of a 3,000-line file of classes a third slower.
 */
function attributeWritesIn(root: Node): { classNames: ReadonlySet<string | undefined>; byName: ReadonlyMap<string, readonly AttributeWrite[]> } {
  const kept = WRITES_BY_ROOT.get(root);
  if (kept) return kept;
  const classes = root.descendantsOfType('class_definition').filter((c): c is Node => !!c);
  const byName = new Map<string, AttributeWrite[]>();
  for (const klass of classes) {
    for (const assignment of klass.descendantsOfType(ASSIGNMENT_TYPES)) {
      if (!assignment) continue;
      const target = assignment.childForFieldName('left') ?? assignment.childForFieldName('alias') ?? assignment.childForFieldName('name');
      if (!target) continue;
      const written = target.type === 'attribute' ? [target] : target.descendantsOfType('attribute').filter((a): a is Node => !!a);
      for (const attribute of written) {
        const name = attribute.childForFieldName('attribute')?.text;
        if (name === undefined) continue;
        let list = byName.get(name);
        if (!list) byName.set(name, (list = []));
        list.push({ klass, assignment, target, attribute });
      }
    }
  }
  const result = { classNames: new Set(classes.map((c) => c.childForFieldName('name')?.text)), byName };
  WRITES_BY_ROOT.set(root, result);
  return result;
}

const WRITES_BY_ROOT = new WeakMap<Node, ReturnType<typeof attributeWritesIn>>();

const CLASS_TYPES: ReadonlySet<string> = new Set(['class_definition']);

/** One class names the other among its bases (as written in the file). */
function related(a: Node, b: Node): boolean {
  const names = (cls: Node): string[] => (cls.childForFieldName('superclasses')?.namedChildren ?? []).map((base) => base?.text ?? '');
  const nameOf = (cls: Node): string => cls.childForFieldName('name')?.text ?? '';
  return names(a).includes(nameOf(b)) || names(b).includes(nameOf(a));
}

/** A call that reads a configuration file named by a literal path (see the file comment). */
export function readsOwnConfigFile(ctx: AstContext, call: Node): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment' && a.type !== 'keyword_argument') ?? [];
  const first = args[0] ? unparenthesize(args[0]) : undefined;
  if (!first) return false;
  const literal = ctx.python().literalValue(first);
  // A URL names someone else's file.
  if (literal?.kind === 'string') return CONFIG_FILE.test(literal.value) && !literal.value.includes('://');
  // `yaml.safe_load(open("config.yaml"))`, `json.load(open(path := "settings.json"))`.
  return first.type === 'call' && first.childForFieldName('function')?.text === 'open' && readsOwnConfigFile(ctx, first);
}

function enclosingFunction(node: Node): Node | undefined {
  for (const current of ancestorsUpward(node)) if (current.type === 'function_definition' || current.type === 'lambda') return current;
  return undefined;
}
