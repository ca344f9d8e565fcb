// Where Azurite's one Node thread spends its time: profiles Azurite's CPU while a command runs, then sums the samples
// into what Azurite was doing. For a round close it cuts out each close the build command reports:
//
//   NODE_OPTIONS=--inspect=127.0.0.1:9339 dotnet artifacts/bench/ReadinessPipeline.Benchmarks.dll profiles --keep
//   node --experimental-websocket bench/azurite-cpu.mjs 9339 [--out close.cpuprofile] -- \
//     dotnet artifacts/bench/ReadinessPipeline.Benchmarks.dll profiles-build --connection '<printed by the first command>'
//
// The first command seeds a round into an Azurite whose inspector listens on the port; the second connects to it
// (Chrome DevTools Protocol, Profiler domain), starts the sampling profiler, runs the build command, stops the
// profiler and reads the build's JSON answer (its last stdout line: each close's start and length) to cut the
// samples of each close out of the profile. Other commands may name their spans in lines "window: <label> from
// <ISO time> for <seconds> s" (the ingest benchmark does, for its measured submissions:
//   node --experimental-websocket bench/azurite-cpu.mjs 9339 -- \
//     dotnet bench/ReadinessPipeline.Benchmarks/bin/Release/net10.0/ReadinessPipeline.Benchmarks.dll ingest \
//     --clients 32 --modes app --connection '<the inspected Azurite>'
// on a fresh Azurite started with the inspector for each mode); else the whole run is summed. Each sample is put in
// the first bucket all of whose functions are on its stack.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const args = process.argv.slice(2);
const split = args.indexOf('--');
if (split < 1 || split === args.length - 1) {
  console.error('usage: node --experimental-websocket bench/azurite-cpu.mjs <inspector port> [--out file.cpuprofile] -- <command...>');
  process.exit(2);
}
const port = args[0];
const out = args.indexOf('--out') > 0 && args.indexOf('--out') < split ? args[args.indexOf('--out') + 1] : null;
const command = args.slice(split + 1);

const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
let lastId = 0;
const pending = new Map();
const call = (method, params = {}) => new Promise((resolve) => {
  const id = ++lastId;
  pending.set(id, resolve);
  socket.send(JSON.stringify({ id, method, params }));
});
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (pending.has(message.id)) {
    pending.get(message.id)(message.result);
    pending.delete(message.id);
  }
};
await new Promise((resolve) => { socket.onopen = resolve; });
await call('Profiler.enable');
await call('Profiler.setSamplingInterval', { interval: 250 });
await call('Profiler.start');
const startedMs = Date.now();

const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
let stdout = '';
child.stdout.on('data', (chunk) => { stdout += chunk; });
const code = await new Promise((resolve) => child.on('close', resolve));
const { profile } = await call('Profiler.stop');
socket.close();
if (out) {
  fs.writeFileSync(out, JSON.stringify(profile));
}
if (code !== 0) {
  console.error(`the command exited with ${code}`);
  process.exit(1);
}

const buckets = [
  ['blob writes: looking the name up (a scan of every blob of the account)', 'Collection.findOne', 'createBlob'],
  ['blob writes: the rest', 'createBlob'],
  ['table queries: filtering (a scan of every row of the table)', 'Resultset.where', 'queryEntities'],
  ['table queries: sorting the matching rows', 'Resultset.sort', 'queryEntities'],
  ['table queries: rows to JSON and the rest', 'queryEntities'],
  ['table point reads', 'queryEntitiesWithPartitionAndRowKey'],
  ['table inserts', 'insertEntity'],
  ['table batches', 'handleBatchUpdate'],
  ['blob listings', 'listBlobs'],
  ['queue messages sent', 'enqueue'],
  ['garbage collection', '(garbage collector)'],
];
const other = 'the rest (HTTP, request parsing and routing, other storage calls)';
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parents.set(child, node.id);
}
const times = [];
let elapsed = 0;
for (const delta of profile.timeDeltas) times.push((elapsed += delta));

// The build command's last line is its runs as JSON; anything else is profiled as one span.
let runs;
try {
  runs = JSON.parse(stdout.trim().split('\n').at(-1));
} catch {
  runs = null;
}
if (!Array.isArray(runs) || !runs.every((run) => run.Memory?.StartedUtc)) {
  // Spans the command names in lines "window: <label> from <ISO time> for <seconds> s" (the ingest benchmark's
  // measured submissions), else the whole run.
  process.stdout.write(stdout);
  const windows = [...stdout.matchAll(/^window: (.+) from (\S+) for ([\d.]+) s$/gm)].map(([, label, at, seconds]) => {
    const from = (Date.parse(at) - startedMs) * 1000;
    return { Label: label, from, to: from + (Number(seconds) * 1e6) };
  });
  runs = windows.length > 0 ? windows : [{ Label: `${command.join(' ')} (whole run)`, from: 0, to: times.at(-1) ?? 0 }];
}

for (const run of runs) {
  let { from, to } = run;
  if (from === undefined) {
    const [h, m, s] = run.Memory.Elapsed.split(':');
    from = (Date.parse(run.Memory.StartedUtc) - startedMs) * 1000;
    to = from + ((Number(h) * 3600) + (Number(m) * 60) + Number(s)) * 1e6;
  }
  const sums = new Map();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i] < from || times[i] >= to) continue;
    const weight = profile.timeDeltas[i + 1] ?? 0;
    const stack = [];
    for (let id = profile.samples[i]; id !== undefined; id = parents.get(id)) stack.push(nodes.get(id).callFrame.functionName);
    if (stack[0] === '(idle)') continue;
    busy += weight;
    const bucket = buckets.find(([, ...functions]) => functions.every((f) => stack.includes(f)))?.[0] ?? other;
    sums.set(bucket, (sums.get(bucket) ?? 0) + weight);
  }
  console.log(`\n${run.Label}: ${((to - from) / 1e6).toFixed(2)} s, Azurite's thread busy ${(busy / 1e6).toFixed(2)} s (${Math.round(100 * busy / (to - from))} %)\n`);
  console.log('| Azurite was | CPU s | share of the time |\n|---|---:|---:|');
  for (const [bucket, sum] of [...sums].sort((a, b) => b[1] - a[1])) {
    console.log(`| ${bucket} | ${(sum / 1e6).toFixed(2)} | ${Math.round(100 * sum / (to - from))} % |`);
  }
}
