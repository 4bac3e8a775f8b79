// modwsgi fleet: deploy/ansible/ built from the answers (group_vars read back by a
// YAML parser equal the answers, whatever characters they hold), the rolling
// answers in the play, bad input refused, and both playbooks pass ansible-lint
// (Debian's; ansible-playbook --syntax-check where it is not installed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, tempDir } from './support/cli.js';

// Made in before(), not as the file loads.
let root = '';
let ANSIBLE_ENV: Record<string, string> = {};

/** Generates a project, then deploy/ansible/ for it, from one answers file. */
async function generate(dir: string, answers: Record<string, unknown>): Promise<string> {
  const file = join(root, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(answers));
  const app = await runCli(['--answers', file, '--defaults', '--cwd', dir], { env: { CI: 'true' } });
  assert.equal(app.code, 0, app.stderr);
  const fleet = await runCli(['fleet', '--answers', file, '--defaults', '--cwd', dir], { env: { CI: 'true' } });
  assert.equal(fleet.code, 0, fleet.stderr);
  return join(dir, 'deploy', 'ansible');
}

const hasLinter = () => spawnSync('ansible-lint', ['--version'], { encoding: 'utf8' }).status === 0;

describe('modwsgi fleet: deploy/ansible/', function () {
  this.timeout(120_000);
  // Values YAML would read as other types or structures if written by hand.
  const answers = {
    name: 'fleet-demo', serverName: 'yes', deployPath: "/srv/a: b #c 'd' \"e\"", user: 'on', group: 'null',
    platforms: ['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc'], serial: 3, maxFailPercentage: 25, healthUrl: '/up',
  };
  let ansible: string;

  before(async () => {
    root = tempDir('modwsgi-i14-fleet-');
    ANSIBLE_ENV = { ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(root, 'ansible-tmp'), HOME: root };
    ansible = await generate(join(root, 'demo'), answers);
  });
  after(() => { if (root) rmSync(root, { recursive: true, force: true }); });

  it('writes the playbooks, group_vars, inventory and requirements', () => {
    for (const file of ['site.yml', 'rollback.yml', 'group_vars/all.yml', 'inventory.yml', 'requirements.yml']) {
      assert.ok(existsSync(join(ansible, file)), `no deploy/ansible/${file}`);
    }
    assert.deepEqual(parse(readFileSync(join(ansible, 'requirements.yml'), 'utf8')), { collections: [{ name: 'community.general', version: '>=6.0.0' }] });
  });

  it('group_vars read back as exactly the answers, with a platform per OS family (no pkgsrc: Ansible has no family for it)', () => {
    const vars = parse(readFileSync(join(ansible, 'group_vars', 'all.yml'), 'utf8'));
    assert.equal(vars.modwsgi_name, 'fleet-demo');
    assert.equal(vars.modwsgi_server_name, 'yes');
    assert.equal(vars.modwsgi_deploy_path, answers.deployPath);
    assert.equal(vars.modwsgi_user, 'on');
    assert.equal(vars.modwsgi_group, 'null');
    assert.equal(vars.modwsgi_health_url, '/up');
    assert.deepEqual(Object.keys(vars.modwsgi_platforms).sort(), ['Debian', 'FreeBSD', 'RedHat', 'Suse']);
    assert.deepEqual(vars.modwsgi_platforms.Debian, { script: 'deploy/install-debian.sh', packages: ['apache2', 'libapache2-mod-wsgi-py3'], modules: ['wsgi'] });
    assert.equal(vars.modwsgi_platforms.RedHat.script, 'deploy/install-rhel.sh');
    assert.deepEqual(vars.modwsgi_install_args, []);
  });

  it('rolls out serial servers at a time and stops at maxFailPercentage (answers in the play)', () => {
    for (const playbook of ['site.yml', 'rollback.yml']) {
      const plays = parse(readFileSync(join(ansible, playbook), 'utf8')) as Array<Record<string, unknown>>;
      const play = plays.find((p) => p.hosts === 'all')!;
      assert.equal(play.serial, 3, playbook);
      assert.equal(play.max_fail_percentage, 25, playbook);
    }
  });

  it('uses only ansible.builtin modules, and community.general.apache2_module', () => {
    const text = ['site.yml', 'rollback.yml'].map((f) => readFileSync(join(ansible, f), 'utf8')).join('\n');
    const modules = new Set([...text.matchAll(/^\s+(?:- )?([a-z_]+\.[a-z_]+\.[a-z_0-9]+):/gm)].map((m) => m[1]));
    assert.ok(modules.size >= 8, [...modules].join(' '));
    assert.deepEqual([...modules].filter((m) => !m.startsWith('ansible.builtin.')), ['community.general.apache2_module']);
  });

  it('both playbooks pass ansible-lint (or --syntax-check without it)', function () {
    const syntax = spawnSync('ansible-playbook', ['--syntax-check', '-i', 'localhost,', 'site.yml', 'rollback.yml'], { cwd: ansible, encoding: 'utf8', env: { ...process.env, ...ANSIBLE_ENV } });
    assert.equal(syntax.status, 0, `${syntax.stdout}${syntax.stderr}`);
    if (!hasLinter()) {
      console.log('    (ansible-lint is not installed: --syntax-check only)');
      return;
    }
    const lint = spawnSync('ansible-lint', ['--offline', '--nocolor', 'site.yml', 'rollback.yml'], { cwd: ansible, encoding: 'utf8', env: { ...process.env, ...ANSIBLE_ENV } });
    assert.equal(lint.status, 0, `${lint.stdout}${lint.stderr}`);
    assert.match(`${lint.stdout}${lint.stderr}`, /Passed with production profile: 0 failure\(s\), 0 warning\(s\) on 2 files/);
  });

  it('ansible-lint catches a broken playbook (the check above can fail)', function () {
    if (!hasLinter()) this.skip();
    const broken = join(root, 'broken');
    spawnSync('cp', ['-r', ansible, broken]);
    const site = join(broken, 'site.yml');
    writeFileSync(site, readFileSync(site, 'utf8').replace('      changed_when: "\'nothing changed', '      when_changed: "\'nothing changed'));
    const lint = spawnSync('ansible-lint', ['--offline', '--nocolor', 'site.yml'], { cwd: broken, encoding: 'utf8', env: { ...process.env, ...ANSIBLE_ENV } });
    assert.notEqual(lint.status, 0, `${lint.stdout}${lint.stderr}`);
  });

  it('refuses a bad serial: one line naming the field, exit 2, nothing written', async () => {
    const dir = join(root, 'bad');
    const result = await runCli(['fleet', '--defaults', '--serial', '0', '--cwd', dir], { env: { CI: 'true' } });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /serial/);
    assert.match(result.stderr, /an integer from 1 to 10000/);
    assert.equal(existsSync(join(dir, 'deploy')), false);
  });
});
