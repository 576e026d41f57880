// One JavaScript engine rendering the shared template for every record, in this process:
//   node run.js ENGINE TEMPLATE.docx RECORDS.json ROUNDS
// prints {"rates": [documents/s of each round], "first_ms": time from start to the first document}.
"use strict";
const fs = require("fs");
const [engine, templatePath, recordsPath, roundsText] = process.argv.slice(2);
const start = process.hrtime.bigint();
const template = fs.readFileSync(templatePath);
const records = JSON.parse(fs.readFileSync(recordsPath, "utf8"));
const rounds = Number(roundsText || 1);

async function renderer() {
  if (engine === "docxtemplater") {
    const PizZip = require("pizzip");
    const Docxtemplater = require("docxtemplater");
    return async (data) => {
      const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
      doc.render(data);
      return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
    };
  }
  if (engine === "easy-template-x") {
    const { TemplateHandler } = require("easy-template-x");
    const handler = new TemplateHandler();
    return async (data) => handler.process(template, data);
  }
  throw new Error(`unknown engine ${engine}`);
}

(async () => {
  const render = await renderer();
  let firstMs = null;
  const rates = [];
  for (let round = 0; round < rounds; round++) {
    const begin = process.hrtime.bigint();
    for (const record of records) {
      const out = await render(record);
      if (out.length < 1000) throw new Error("empty output");
      if (firstMs === null) firstMs = Number(process.hrtime.bigint() - start) / 1e6;
    }
    rates.push(records.length / (Number(process.hrtime.bigint() - begin) / 1e9));
  }
  if (process.env.BENCH_SAMPLE) fs.writeFileSync(process.env.BENCH_SAMPLE, await render(records[0]));
  console.log(JSON.stringify({ rates, first_ms: firstMs }));
})();
