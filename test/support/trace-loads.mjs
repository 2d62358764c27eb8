// Loaded with `node --import` (through NODE_OPTIONS) by tests that ask which modules a command
// loads: appends the URL of every module the process imports to the file GW_TRACE_LOADS names.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(process.env.GW_TRACE_LOADS, result.url + '\\n');
      return result;
    }
  `)}`,
);
