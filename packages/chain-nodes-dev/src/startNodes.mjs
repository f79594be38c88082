#!/usr/bin/env node
// Starts the local chain nodes (Hardhat 3 `hardhat node`) in the foreground,
// bound to 127.0.0.1, and stops them all when this process is stopped.
//
//   node src/startNodes.mjs [--only local-node-1,local-node-3]
//
// A node whose port already answers eth_chainId with the local chain id is
// left alone, so running this twice is harmless.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_CHAIN_ID, LOCAL_NODES } from './nodes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const hardhatCli = path.join(
  path.dirname(require.resolve('hardhat/package.json')),
  'dist/src/cli.js',
);
const stateDir =
  process.env.CHAIN_NODES_STATE_DIR ??
  path.resolve(packageDir, '../../data/chain-nodes');
mkdirSync(stateDir, { recursive: true });

const onlyArg = process.argv.indexOf('--only');
const only =
  onlyArg >= 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;

async function alreadyServing(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
      signal: AbortSignal.timeout(1000),
    });
    const body = await res.json();
    return parseInt(body.result, 16) === LOCAL_CHAIN_ID;
  } catch {
    return false;
  }
}

const children = [];
let stopping = false;
function stopAll(code) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Starts one node; when it exits on its own, the others are stopped too. */
function startNode(node) {
  const child = spawn(
    process.execPath,
    [
      hardhatCli,
      '--network',
      node.name,
      'node',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(node.port),
    ],
    {
      cwd: packageDir,
      env: {
        ...process.env,
        CHAIN_NODES_STATE_DIR: stateDir,
        HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
        DO_NOT_TRACK: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const prefix = `[${node.name}] `;
  const relay = stream => data => {
    for (const line of String(data).split('\n')) {
      if (line.trim()) stream.write(`${prefix}${line}\n`);
    }
  };
  child.stdout.on('data', relay(process.stdout));
  child.stderr.on('data', relay(process.stderr));
  child.on('exit', code => {
    if (!stopping) {
      console.error(
        `${node.name} exited with code ${code}; stopping the others`,
      );
      stopAll(1);
    }
  });
  console.log(
    `${node.name}: starting on 127.0.0.1:${node.port}, mining every ${node.blockIntervalMs} ms`,
  );
}

for (const node of LOCAL_NODES) {
  if (only && !only.has(node.name)) continue;
  if (await alreadyServing(node.port)) {
    console.log(`${node.name}: already serving on 127.0.0.1:${node.port}`);
    continue;
  }
  startNode(node);
}

if (children.length === 0) {
  console.log('all local chain nodes are already running');
}
