// Child process of bench.ts: N fake Ethereum JSON-RPC endpoints on 127.0.0.1,
// each on its own port, answering like a geth node that is ~1 block behind
// the head every now and then. Prints the first port once all listen.
const http = require('node:http');

const count = Number(process.argv[2] ?? 500);
const firstPort = Number(process.argv[3] ?? 20000);
const started = Date.now();

function result(method, index) {
  const height =
    Math.floor((Date.now() - started) / 2000) +
    1000 -
    (index % 7 === 0 ? 1 : 0);
  switch (method) {
    case 'eth_chainId':
      return '0x1e61';
    case 'eth_blockNumber':
      return `0x${height.toString(16)}`;
    case 'eth_syncing':
      return false;
    case 'net_peerCount':
      return `0x${(3 + (index % 5)).toString(16)}`;
    case 'web3_clientVersion':
      return 'Geth/v1.14.11-stable/linux-amd64/go1.22.5';
    case 'eth_getBlockByNumber':
      return {
        number: `0x${height.toString(16)}`,
        timestamp: `0x${Math.floor(Date.now() / 1000).toString(16)}`,
      };
    default:
      return null;
  }
}

const servers = [];
for (let i = 0; i < count; i++) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      const { id, method } = JSON.parse(body);
      // 1-10 ms of "network and node" latency.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ jsonrpc: '2.0', id, result: result(method, i) }),
        );
      }, 1 + (i % 10));
    });
  });
  server.keepAliveTimeout = 60_000;
  servers.push(
    new Promise(resolve => server.listen(firstPort + i, '127.0.0.1', resolve)),
  );
}
Promise.all(servers).then(() => process.stdout.write(`ready ${firstPort}\n`));
