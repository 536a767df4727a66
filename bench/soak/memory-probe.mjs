// Loaded with `--import` into the app process that the soak benchmark forks: answers the bench's
// requests for this process's memory and CPU figures over the IPC channel. Plain JavaScript, so
// the measured process runs the built app alone, without a TypeScript loader in its heap.
if (process.send !== undefined) {
  process.on('message', (request) => {
    if (request === 'sample') process.send({ memory: process.memoryUsage(), cpu: process.cpuUsage() });
  });
  // The channel must not keep the app alive once it stops.
  process.channel?.unref();
}
