// The switches that decide what happens to files, shared by the command and the generators; kept apart
// from plan.ts so that `modwsgi --help` does not load the validators.
export const FILE_FLAGS = {
  force: 'overwrite files that differ from what would be written, even ones you edited',
  fix: 'move an unguarded module-level app.run() under if __name__ == "__main__": (edits your code)',
  'dry-run': 'list what would be written, changed or left alone; write nothing',
  pretend: 'the same as --dry-run',
} as const;
