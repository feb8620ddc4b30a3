#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests() spawns when it is given
// `vscodeExecutablePath`: it starts code-server (a real VS Code server with a Node extension host), opens
// the workbench in headless Chromium with a `payload` URL that names the extension under development and
// the tests module, and exits with the code the workbench reports through window.codeAutomationExit.
// Configuration: CODE_SERVER_BIN (required), CHROMIUM_BIN (default /usr/bin/chromium),
// SHIM_TIMEOUT_MS (default 600000). See the guide real-vscode-e2e.md, section 6.
'use strict';
const { spawn } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { resolve, join } = require('node:path');
const { format } = require('node:util');

function parseArguments(argv) {
  const parsed = { developmentPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  const valued = new Set(['--extensionDevelopmentPath', '--extensionTestsPath', '--user-data-dir', '--extensions-dir']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name = arg;
    let value;
    const equals = arg.indexOf('=');
    if (arg.startsWith('--') && equals > 0) {
      name = arg.slice(0, equals);
      value = arg.slice(equals + 1);
    } else if (valued.has(arg)) {
      value = argv[++i];
    }
    if (name === '--extensionDevelopmentPath') parsed.developmentPaths.push(resolve(value));
    else if (name === '--extensionTestsPath') parsed.testsPath = resolve(value);
    else if (name === '--user-data-dir') parsed.userDataDir = resolve(value);
    else if (name === '--extensions-dir') parsed.extensionsDir = resolve(value);
    else if (!arg.startsWith('-') && parsed.folder === undefined) parsed.folder = resolve(arg);
    // Every other flag is Electron-only (--no-sandbox, --disable-updates, --skip-welcome...) and ignored.
  }
  return parsed;
}

function freePort() {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function healthy(port) {
  return new Promise((done) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      done(response.statusCode === 200);
    });
    request.on('error', () => done(false));
    request.on('timeout', () => {
      request.destroy();
      done(false);
    });
  });
}

async function main() {
  const bin = process.env.CODE_SERVER_BIN;
  if (!bin) throw new Error('CODE_SERVER_BIN is not set');
  const chromiumBin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  const timeoutMs = Number(process.env.SHIM_TIMEOUT_MS || 600000);
  const options = parseArguments(process.argv.slice(2));
  if (!options.testsPath) throw new Error('--extensionTestsPath is required');
  const userDataDir = options.userDataDir || join(require('node:os').tmpdir(), `aisec-shim-${process.pid}`);
  mkdirSync(userDataDir, { recursive: true });
  if (options.extensionsDir) mkdirSync(options.extensionsDir, { recursive: true });
  const config = join(userDataDir, 'code-server-config.yaml');
  writeFileSync(config, '');
  const port = await freePort();

  const args = ['--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    // SHIM_WORKSPACE_TRUST=1 keeps workspace trust on (the untrusted-workspace suite).
    ...(process.env.SHIM_WORKSPACE_TRUST === '1' ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--ignore-last-opened', '--user-data-dir', userDataDir,
    ...(options.extensionsDir ? ['--extensions-dir', options.extensionsDir] : [])];
  const server = spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let serverLog = '';
  server.stdout.on('data', (chunk) => (serverLog += chunk));
  server.stderr.on('data', (chunk) => (serverLog += chunk));
  const killGroup = (signal) => {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  process.on('exit', () => killGroup('SIGKILL'));

  let browser;
  try {
    const deadline = Date.now() + 60000;
    while (!(await healthy(port))) {
      if (Date.now() > deadline) throw new Error(`code-server did not become healthy within 60 s:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumBin,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage();
    let exitWith;
    const exited = new Promise((done) => (exitWith = done));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => exitWith(Number(code)));
    const authority = `127.0.0.1:${port}`;
    const payload = [...options.developmentPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://${authority}${p}`]), ['extensionTestsPath', `vscode-remote://${authority}${options.testsPath}`]];
    const query = new URLSearchParams({ ...(options.folder ? { folder: options.folder } : {}), payload: JSON.stringify(payload) });
    await page.goto(`http://${authority}/?${query.toString()}`);
    let timer;
    const timedOut = new Promise((done) => {
      timer = setTimeout(() => {
        console.error('extension tests timed out');
        done(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    return code;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    killGroup('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    killGroup('SIGKILL');
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  },
);
