// Polls `probe` until it returns a truthy value (which is returned), failing after `timeoutMs`: every wait
// in the API suites has a deadline and none is a fixed sleep.
'use strict';

async function waitFor(description, probe, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

module.exports = { waitFor };
