// Rewrites README.md's answers table from the answers model (after npm run build).
import { readFileSync, writeFileSync } from 'node:fs';
import { withAnswersTable } from '../dist/generators/_shared/docs.js';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withAnswersTable(readFileSync(readme, 'utf8')));
