#!/usr/bin/env node
// Named cli.js, not index.js: yo treats every */index.js of a generator package as a generator.
// `npm init modwsgi [-- options]` runs this: the same command as `modwsgi`,
// with the same options and exit codes.
import 'generator-modwsgi/dist/bin/modwsgi.js';
