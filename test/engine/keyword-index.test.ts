import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordIndex } from '../../server/src/engine/keyword-index';

test('finds exactly the keywords that occur, including overlapping and nested ones', () => {
  const words = ['pip', 'pipeline', 'eval(', 'val', 'torch.load', 'load', 'import *', 'é-key', 'absent'];
  const index = new KeywordIndex(words);
  const text = 'from torch import *\nmodel = torch.load(p)\nresult = pipeline("x")\nmodel.eval()\nclé = "é-key"\n';
  const found = index.scan(text);
  const present = words.filter((w) => found[index.idOf(w) ?? -1] === 1);
  assert.deepEqual(present, words.filter((w) => text.includes(w)));
  assert.ok(!present.includes('absent') && !present.includes('import *') === !text.includes('import *'));
});

test('agrees with String.includes on random texts', () => {
  let seed = 7;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const alphabet = 'abc.( ';
  const words = Array.from({ length: 60 }, () => Array.from({ length: 1 + rand(5) }, () => alphabet[rand(alphabet.length)]).join(''));
  const index = new KeywordIndex(words);
  for (let round = 0; round < 200; round++) {
    const text = Array.from({ length: rand(80) }, () => alphabet[rand(alphabet.length)]).join('');
    const found = index.scan(text);
    for (const w of words) assert.equal(found[index.idOf(w) ?? -1] === 1, text.includes(w), `${JSON.stringify(w)} in ${JSON.stringify(text)}`);
  }
});

test('keyword counts kept up to date from the text around each edit equal a count of the whole text', () => {
  const index = new KeywordIndex(['pickle', 'pickle.loads', 'torch.load', 'load', 'é-clé', 'exec(']);
  let seed = 11;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['pickle', '.loads', 'torch', '.load', 'exec', '(', 'é-', 'clé', ' ', '\n', 'x'];
  let text = 'import pickle\npickle.loads(b)\ntorch.load(p) é-clé\n';
  let counts = index.count(text);
  for (let step = 0; step < 2000; step++) {
    const start = Math.floor(rnd() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(rnd() * 6));
    const inserted = Array.from({ length: Math.floor(rnd() * 3) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
    const next = text.slice(0, start) + inserted + text.slice(end);
    const from = Math.max(0, start - index.longest);
    const removed = index.count(text, from, Math.min(text.length, end + index.longest));
    const added = index.count(next, from, Math.min(next.length, start + inserted.length + index.longest));
    counts = counts.map((n, i) => n + added[i] - removed[i]);
    text = next;
    assert.deepEqual([...counts], [...index.count(text)], `step ${step}`);
  }
});
