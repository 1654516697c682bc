// dist/server.js: the language server. The transport comes from the command line
// (--node-ipc from the VS Code client, --stdio for other editors, --socket=N, --pipe=NAME).
import { startServer } from './server';
import { createServerConnection } from './transport';

startServer(createServerConnection());
