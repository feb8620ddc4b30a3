/**
 * Entry point of the bundled language server (`dist/server.js`). The transport (`--node-ipc` from the
 * VS Code client, `--stdio` for other editors and the benchmark) is chosen from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { loadEngine } from '../host/load-engine';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection, { engine: loadEngine() });
connection.listen();
