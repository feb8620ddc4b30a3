/** The Dockerfile being analysed, read once per text. */
import { readDockerfile } from '../../../engine/pipeline/dockerfile';
import type { Dockerfile } from '../../../engine/pipeline/dockerfile';
import { pipelineFileOf } from '../../../engine/pipeline/files';
import type { TextContext } from '../../../engine/rule';

let last: { text: string; dockerfile: Dockerfile } | undefined;

export function dockerfileOf(ctx: TextContext): Dockerfile | undefined {
  if (pipelineFileOf(ctx.path) !== 'dockerfile') return undefined;
  if (last?.text !== ctx.text) last = { text: ctx.text, dockerfile: readDockerfile(ctx.text) };
  return last.dockerfile;
}
