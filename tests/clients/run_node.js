// Drives the official GOV.UK Notify node client against a notifyd server.
//
// Usage: node run_node.js BASE_URL API_KEY < calls.json
//
// calls.json is a list of {"method": name, "args": [...]}. Prints one JSON list: for each call
// {"ok": response.data} or {"error": {"status_code": N, "data": body}} or {"exception": text}.
// Buffer results are base64-encoded. "client_for" switches the key for later calls.
const { NotifyClient } = require("notifications-node-client");

function plain(value) {
  if (Buffer.isBuffer(value)) return { base64: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { base64: Buffer.from(value).toString("base64") };
  return value;
}

async function main() {
  const [baseUrl, key] = process.argv.slice(2);
  let client = new NotifyClient(baseUrl, key);
  const input = require("fs").readFileSync(0, "utf8");
  const results = [];
  for (const call of JSON.parse(input)) {
    try {
      if (call.method === "client_for") {
        client = new NotifyClient(baseUrl, call.args[0]);
        results.push({ ok: null });
        continue;
      }
      let args = call.args || [];
      if (call.method === "sendPrecompiledLetter") {
        args = [args[0], Buffer.from(args[1], "base64"), ...args.slice(2)];
      }
      const response = await client[call.method](...args);
      results.push({ ok: plain(response && response.data !== undefined ? response.data : response) });
    } catch (e) {
      if (e.response) {
        let data = e.response.data;
        if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) {
          data = JSON.parse(Buffer.from(data).toString("utf8"));
        }
        results.push({ error: { status_code: e.response.status, data } });
      } else {
        results.push({ exception: String(e) });
      }
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main();
