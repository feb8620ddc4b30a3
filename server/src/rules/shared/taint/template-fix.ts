/**
 * The safe fix of AIS283 for Jinja (issue 11 item 5): compile the model's template in Jinja's sandbox.
 * `SandboxedEnvironment` is a subclass of `Environment` taking the same arguments, so swapping the
 * constructor keeps every other use of the environment working; `Template(t)` becomes
 * `SandboxedEnvironment().from_string(t)` when it has no options that `from_string` would not accept.
 * Unsafe applicability: a template that relied on reaching Python internals stops working, which is the point.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import type { AstContext } from '../../../engine/rule';
import { unparenthesize } from '../../../engine/resolve/walk';
import { moduleReference, replaceNodeEdit } from '../python-edits';
import { creationOf } from './app-sinks';

const TITLE = 'Compile the template in a Jinja sandbox (SandboxedEnvironment)';

export function jinjaSandboxFix(ctx: AstContext, sink: Node, label: string): Fix | undefined {
  if (ctx.language !== 'python' || sink.type !== 'call') return undefined;
  const fn = sink.childForFieldName('function');
  if (!fn) return undefined;
  if (label === 'jinja2.Environment.from_string') {
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
    const ctor = receiver ? creationOf(ctx, receiver)?.childForFieldName('function') : undefined;
    const sandbox = ctor ? moduleReference(ctx, 'jinja2.sandbox') : undefined;
    if (!ctor || !sandbox) return undefined;
    return { title: TITLE, applicability: 'unsafe', edits: [...sandbox.edits, replaceNodeEdit(ctx, ctor, `${sandbox.name}.SandboxedEnvironment`)] };
  }
  if (label === 'jinja2.Template') {
    const args = sink.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    const only = args.length === 1 && args[0].type !== 'keyword_argument' && args[0].type !== 'list_splat' && args[0].type !== 'dictionary_splat' ? args[0] : undefined;
    const sandbox = only ? moduleReference(ctx, 'jinja2.sandbox') : undefined;
    if (!only || !sandbox) return undefined;
    return { title: TITLE, applicability: 'unsafe', edits: [...sandbox.edits, replaceNodeEdit(ctx, unparenthesize(fn), `${sandbox.name}.SandboxedEnvironment().from_string`)] };
  }
  return undefined;
}
