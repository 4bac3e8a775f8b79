// Stands in, in the bundled command, for libraries Yeoman imports for what the modwsgi command never
// does: run package managers or other programs (execa), ask git (simple-git), look up package
// versions on the registry (latest-version). Leaving them out shortens every start; if one were
// ever reached, it says so instead of doing it.
const notInCommand = (what) => () => {
  throw new Error(`${what} is not part of the modwsgi command`);
};

// execa
export const execa = notInCommand('running programs');
export const execaSync = execa;
export const execaCommand = execa;
export const execaCommandSync = execa;
// simple-git
export const simpleGit = notInCommand('git');
export const CheckRepoActions = {};
export const CleanOptions = {};
// latest-version
export default notInCommand('looking up package versions');
