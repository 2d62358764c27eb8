// A slow pipe reader, like `| jq` on a busy machine or `| less` paging: reads its stdin 512 bytes
// at a time, one read per turn of the event loop (each read waits for the previous one's data),
// and appends what it got to the file named by its first argument. The writer on the other end
// of the pipe is therefore always ahead, with its own buffers full.
import { closeSync, openSync, read, writeSync } from 'node:fs';

const out = openSync(process.argv[2], 'w');
const buf = Buffer.alloc(512);
function next() {
  read(0, buf, 0, buf.length, null, (err, n) => {
    if (err && err.code === 'EAGAIN') return setImmediate(next);
    if (err) throw err;
    if (n === 0) return closeSync(out);
    writeSync(out, buf, 0, n);
    setImmediate(next);
  });
}
next();
