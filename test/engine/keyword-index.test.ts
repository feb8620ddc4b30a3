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
