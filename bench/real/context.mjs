// Prints findings of the last `npm run bench:real` that have no judgement yet, each with the code around
// it and a judgement line to complete (verdict and reason), spread over repositories so a sample is not
// all from one project. A helper for judging; it changes nothing.
//
//   node bench/real/context.mjs [--rule AIS301] [--severity error] [--repo owner/name] [--limit 20] [--context 6]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, readManifest, repoFolder } from './prepare.mjs';

function option(args, name, fallback) {
  const index = args.indexOf(name);
  return index >= 0 && index + 1 < args.length ? args[index + 1] : fallback;
}

/** Takes findings from each repository in turn, so the first N cover as many repositories as they can. */
function spreadOverRepositories(findings, limit) {
  const queues = new Map();
  for (const finding of findings) {
    if (!queues.has(finding.repo)) queues.set(finding.repo, []);
    queues.get(finding.repo).push(finding);
  }
  const picked = [];
  while (picked.length < limit && [...queues.values()].some((queue) => queue.length > 0)) {
    for (const queue of queues.values()) if (queue.length > 0 && picked.length < limit) picked.push(queue.shift());
  }
  return picked;
}

function printWithContext(finding, folder, context) {
  console.log(`=== ${finding.repo} ${finding.path}:${finding.line} ${finding.rule} [${finding.severity}] ${finding.message}`);
  let lines;
  try {
    lines = readFileSync(join(folder, finding.path), 'utf8').split('\n');
  } catch (error) {
    console.log(`  (cannot read the file: ${error.message})`);
    return;
  }
  const first = Math.max(0, finding.line - 1 - context);
  const last = Math.min(lines.length, finding.line + context);
  for (let index = first; index < last; index += 1) {
    console.log(`${index === finding.line - 1 ? '>' : ' '}${String(index + 1).padStart(6)} ${lines[index].slice(0, 220)}`);
  }
  const { repo, commit, path, line, rule, severity, lineHash, occurrence } = finding;
  console.log(JSON.stringify({ repo, commit, path, line, rule, severity, lineHash, occurrence, verdict: 'tp|noise|fp', reason: '' }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rule = option(args, '--rule', undefined);
  const severity = option(args, '--severity', undefined);
  const repo = option(args, '--repo', undefined);
  const limit = Number(option(args, '--limit', '20'));
  const context = Number(option(args, '--context', '6'));
  const file = join(cacheRoot(), 'unjudged.jsonl');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    console.error(`bench:real: ${file} does not exist; run npm run bench:real first.`);
    process.exit(2);
  }
  const findings = text.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((f) => (!rule || f.rule === rule) && (!severity || f.severity === severity) && (!repo || f.repo === repo));
  const folders = new Map(readManifest().map((entry) => [entry.repo, repoFolder(entry)]));
  for (const finding of spreadOverRepositories(findings, limit)) printWithContext(finding, folders.get(finding.repo), context);
  console.log(`(${Math.min(limit, findings.length)} of ${findings.length} matching unjudged findings)`);
}
