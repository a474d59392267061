// Times the JavaScript VADER port on a file of comments (one per line) for at least the given
// seconds, and, for a gold file (id TAB rating TAB text), its Pearson r with the human ratings.
// Prints one JSON line. Usage: node run.js FILE SECONDS [gold]
const fs = require("fs");
const vader = require("vader-sentiment");
const [file, seconds = "3", mode] = process.argv.slice(2);
const lines = fs.readFileSync(file, "utf8").split("\n").filter(l => l.length > 0);
const gold = mode === "gold";
const texts = gold ? lines.map(l => l.split("\t").slice(2).join("\t")) : lines;
const score = t => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
let result = {};
if (gold) {
  const x = lines.map(l => Number(l.split("\t")[1])), y = texts.map(score);
  const mx = x.reduce((a, b) => a + b) / x.length, my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  result.pearson = sxy / Math.sqrt(sxx * syy);
}
for (const t of texts) score(t); // warm up the JIT
let n = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < Number(seconds)) {
  for (const t of texts) { score(t); n++; }
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
result.commentsPerSecond = n / elapsed;
result.n = texts.length;
console.log(JSON.stringify(result));
