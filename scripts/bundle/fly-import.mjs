// Stands in for fly-import in the bundled command: Yeoman's environment constructs a FlyRepository
// (installing generators on the fly, with npm's Arborist), which the modwsgi command never uses.
// Leaving it out keeps Arborist from loading on every run.
const unavailable = () => {
  throw new Error('installing generators on the fly is not part of the modwsgi command; use yo for that');
};

export class FlyRepository {
  constructor(config) {
    this.repositoryPath = config?.repositoryPath;
  }
  install = unavailable;
  import = unavailable;
  verifyInstalledVersion = () => undefined;
}
export const flyImport = unavailable;
export const flyInstall = unavailable;
