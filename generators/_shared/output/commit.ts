// Yeoman's commit step, replaced: the same yo-resolve and conflicter steps
// (diff and ask when someone can answer), then writeAll instead of writing
// file by file as they come.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { createConflicterTransform, createYoResolveTransform, forceYoFiles } from '@yeoman/conflicter';
import { clearFileState, isFilePending, isFileStateDeleted, isFileStateModified, setCommittedFile } from 'mem-fs-editor/state';
import { writeAll, type OutputFile } from './write.js';

interface MemFile {
  path: string;
  contents: Buffer | null;
  stat?: { mode?: number } | null;
  state?: string;
}

interface CommitEnv {
  adapter: unknown;
  conflicterOptions?: Record<string, unknown>;
  sharedFs: { pipeline: (options: object, ...transforms: unknown[]) => Promise<void>; each: (callback: (file: MemFile) => void) => void };
}

/** The files the conflicter let through, collected instead of written. */
const collect = (into: MemFile[]) =>
  new Transform({
    objectMode: true,
    transform(file: MemFile, _encoding, callback) {
      if (isFileStateModified(file as never) || isFileStateDeleted(file as never)) into.push(file);
      callback(null, file);
    },
  });

/** Whether a .yo-resolve file (Yeoman's per-folder conflict rules) lies in `root` or any folder between it and the files. */
function anyYoResolve(root: string, paths: string[]): boolean {
  const folders = new Set<string>();
  for (const path of paths) for (let dir = dirname(path); !folders.has(dir); dir = dirname(dir)) {
    folders.add(dir);
    if (dir === dirname(dir)) break;
  }
  folders.add(root);
  return [...folders].some((folder) => existsSync(join(folder, '.yo-resolve')));
}

/** A customCommitTask for one run whose files all lie under `root`. */
export async function commitRun(env: CommitEnv, root: string): Promise<void> {
  const pending: MemFile[] = [];
  const paths: string[] = [];
  env.sharedFs.each((file: MemFile) => {
    if (isFilePending(file as never)) paths.push(file.path);
  });
  // Without a .yo-resolve anywhere above the files, its step would only stat every folder up to / for each file.
  const yoResolve = anyYoResolve(root, paths) ? [createYoResolveTransform()] : [];
  await env.sharedFs.pipeline(
    { filter: (file: MemFile) => isFilePending(file as never) || file.path.endsWith('.yo-resolve') },
    ...yoResolve,
    forceYoFiles(),
    createConflicterTransform(env.adapter as never, env.conflicterOptions as never),
    collect(pending),
  );
  const deleted = pending.filter((file) => isFileStateDeleted(file as never));
  if (deleted.length > 0) throw new Error(`internal: this generator never deletes files (${deleted.map((file) => file.path).join(', ')})`);
  const files: OutputFile[] = pending.map((file) => ({ path: file.path, contents: file.contents ?? Buffer.alloc(0), mode: file.stat?.mode }));
  writeAll(env, root, files);
  for (const file of pending) {
    setCommittedFile(file as never);
    clearFileState(file as never);
  }
}
