// `yo modwsgi:update`: placeholder until the merge is wired in.
import { ModwsgiGenerator } from '../_shared/base.js';

export default class UpdateGenerator extends ModwsgiGenerator {
  protected readonly part = 'apache' as const;
}
