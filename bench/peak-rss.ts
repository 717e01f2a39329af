// Loaded with --import into a measured process: at exit it writes its own peak RSS (threads included)
// to stderr for the benchmark that started it.
process.on('exit', () => {
  process.stderr.write(`PEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
