// Stands in for read-package-up in the bundled command. Loading it loads normalize-package-data
// and the SPDX licence lists, about 13 ms at every start, for a lookup Yeoman makes only when its
// environment gives no package.json of its own. The real module (scripts/bundle.mjs:
// 'real-read-package-up') loads on the first call.
let real;
// eslint-disable-next-line no-undef -- bundled: esbuild turns this require into a lazy module init.
const load = () => (real ??= require('real-read-package-up'));

export const readPackageUp = (options) => load().readPackageUp(options);
export const readPackageUpSync = (options) => load().readPackageUpSync(options);
