/**
 * Entry point of the bundled language server (`dist/server.js`). The transport (`--node-ipc` from the
 * VS Code client, `--stdio` for other editors and the benchmark) is chosen from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { loadEngineWith } from '../host/load-engine';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// Python's grammar loads at start (the common first file, and a notebook's cells are parsed as they are edited);
// the JavaScript grammars load when a file that needs them is first analysed (every analysis awaits its grammars).
startServer(connection, { engine: loadEngineWith(['python']) });
connection.listen();
