/** A Python file with a pickle finding inside a function, secrets in and around it, and code the prompt must never hold. */
export const OPENAI_KEY = 'sk-proj-Xq7vB2nL9kR4tY8wZ3mP6sD1fG5hJ0aC2eV7bN4xQ9rT1yU3iO5pLk';
export const NAMED_SECRET = 'plain-words-but-a-secret';
export const SAMPLE = [
  '"""Cache helpers."""', // 1
  'import os', // 2
  'import pickle', // 3
  '', // 4
  `OPENAI_API_KEY = "${OPENAI_KEY}"`, // 5
  'db_password = "hunter2-but-longer"', // 6
  '', // 7
  '', // 8
  'def unrelated_helper():', // 9
  '    return "UNRELATED_MARKER_TEXT"', // 10
  '', // 11
  '', // 12
  'def load_cache(path):', // 13
  `    client_secret = "${NAMED_SECRET}"`, // 14
  `    headers = {"Authorization": "Bearer ${OPENAI_KEY}"}`, // 15
  '    with open(path, "rb") as handle:', // 16
  '        data = handle.read()', // 17
  '    return pickle.loads(data)', // 18
  '', // 19
  '', // 20
  'def another_unrelated():', // 21
  '    return os.getcwd() + "SECOND_UNRELATED_MARKER"', // 22
  '',
].join('\n');

