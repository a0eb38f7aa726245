// server.js is the OPC UA test peer of gohmi's tags/opcua driver: a
// node-opcua server (independent of gopcua, which the driver uses) with one
// variable of each type the driver handles, a read-only one, a changing one
// and, for the benchmark, N variables that all change every 100 ms.
//
//   node server.js [--port 4840] [--bench 1000] [--user U --password P] [--pki DIR]
//                  [--cert FILE --key FILE] [--uri URI]
//
// The port may also come from OPCUA_PEER_PORT, the PKI folder from
// OPCUA_PEER_PKI (default ./pki; the first start creates it and a server
// certificate, which takes a few seconds). --cert and --key (PEM) replace
// that certificate, and --uri sets the server's application URI (default
// node-opcua's, urn:<host>:NodeOPCUA-Server): the trust tests present
// certificates of their own. It listens on 127.0.0.1 only,
// offers SecurityPolicy None and Basic256Sha256 (Sign, SignAndEncrypt),
// accepts every client certificate, and prints READY once it listens.
// SIGTERM or SIGINT shut it down.
"use strict";

const path = require("path");
const {
  OPCUAServer,
  OPCUACertificateManager,
  Variant,
  DataType,
  StatusCodes,
  SecurityPolicy,
  MessageSecurityMode,
  standardUnits,
} = require("node-opcua");

function parseArgs(argv) {
  const a = {
    port: Number(process.env.OPCUA_PEER_PORT || 4840),
    bench: 0,
    user: "",
    password: "",
    pki: process.env.OPCUA_PEER_PKI || path.join(__dirname, "pki"),
    cert: "",
    key: "",
    uri: "",
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--?/, "");
    const v = argv[++i];
    if (v === undefined) throw new Error(`missing value for ${argv[i - 1]}`);
    if (k === "port" || k === "bench") a[k] = Number(v);
    else if (k in a) a[k] = v;
    else throw new Error(`unknown flag ${argv[i - 1]}`);
  }
  return a;
}

// memory adds a writable variable that holds what clients write, checking
// the written Variant's type exactly (BadTypeMismatch otherwise), as PLCs do.
function memory(ns, parent, name, dataType, initial, opts = {}) {
  let value = new Variant({ dataType, value: initial });
  const v = ns.addVariable({
    componentOf: parent,
    browseName: name,
    nodeId: `s=${name}`,
    dataType: DataType[dataType],
    minimumSamplingInterval: 50,
    accessLevel: opts.readOnly ? "CurrentRead" : "CurrentRead | CurrentWrite",
    userAccessLevel: opts.readOnly ? "CurrentRead" : "CurrentRead | CurrentWrite",
    value: {
      get: () => value,
      set: (variant) => {
        if (variant.dataType !== DataType[dataType]) return StatusCodes.BadTypeMismatch;
        value = new Variant({ dataType, value: variant.value });
        return StatusCodes.Good;
      },
    },
  });
  return v;
}

// ticking adds a Double that changes every 100 ms with a fresh source timestamp.
function ticking(ns, parent, name, i) {
  let n = 0;
  const v = ns.addVariable({
    componentOf: parent,
    browseName: name,
    nodeId: `s=${name}`,
    dataType: "Double",
    minimumSamplingInterval: 50,
  });
  const update = () => {
    n++;
    v.setValueFromSource({ dataType: DataType.Double, value: i + n }, StatusCodes.Good, new Date());
  };
  update();
  return setInterval(update, 100);
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const certificateManager = new OPCUACertificateManager({
    rootFolder: a.pki,
    automaticallyAcceptUnknownCertificate: true,
  });
  const own = {};
  if (a.cert !== "") {
    own.certificateFile = a.cert;
    own.privateKeyFile = a.key;
  }
  if (a.uri !== "") own.serverInfo = { applicationUri: a.uri };
  const server = new OPCUAServer({
    ...own,
    port: a.port,
    host: "127.0.0.1",
    hostname: "127.0.0.1",
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    allowAnonymous: true,
    serverCertificateManager: certificateManager,
    userManager: {
      isValidUser: (user, password) => a.user !== "" && user === a.user && password === a.password,
    },
    buildInfo: { productName: "gohmi-opcua-peer" },
    serverCapabilities: { maxMonitoredItemsPerCall: 20000 },
  });
  await server.initialize();

  const ns = server.engine.addressSpace.getOwnNamespace();
  const objects = server.engine.addressSpace.rootFolder.objects;
  const plant = ns.addObject({ organizedBy: objects, browseName: "Plant", nodeId: "s=Plant" });

  memory(ns, plant, "Double", "Double", 1.5);
  memory(ns, plant, "Float", "Float", 2.5);
  memory(ns, plant, "Int16", "Int16", -16);
  memory(ns, plant, "Int32", "Int32", 32);
  memory(ns, plant, "UInt16", "UInt16", 16);
  memory(ns, plant, "Boolean", "Boolean", true);
  memory(ns, plant, "String", "String", "hello");
  memory(ns, plant, "ReadOnly", "Double", 42, { readOnly: true });
  const timers = [ticking(ns, plant, "Ramp", 0)];

  // An analog item with an EU range, so percent deadbands have a base.
  let level = 50;
  const levelVar = ns.addAnalogDataItem({
    componentOf: plant,
    browseName: "Level",
    nodeId: "s=Level",
    dataType: "Double",
    engineeringUnitsRange: { low: 0, high: 100 },
    engineeringUnits: standardUnits.percent,
    minimumSamplingInterval: 50,
    value: {
      get: () => new Variant({ dataType: DataType.Double, value: level }),
      set: (variant) => {
        if (variant.dataType !== DataType.Double) return StatusCodes.BadTypeMismatch;
        level = variant.value;
        return StatusCodes.Good;
      },
    },
  });
  void levelVar;

  if (a.bench > 0) {
    const bench = ns.addObject({ organizedBy: objects, browseName: "Bench", nodeId: "s=Bench" });
    for (let i = 0; i < a.bench; i++) timers.push(ticking(ns, bench, `Bench${i}`, i));
  }

  await server.start();
  console.log(`READY ${server.getEndpointUrl()}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    timers.forEach(clearInterval);
    await server.shutdown(0);
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
