// Which missing answers a run asks, refuses or defaults (generators/_shared/gather.ts), and how
// the sources merge: later sources win, every problem of every source is kept.
import assert from 'node:assert/strict';
import { answerSpec, keysFor } from '../generators/_shared/answers.js';
import { answersFromOptions, mergeSources, missingAnswers, planQuestions } from '../generators/_shared/gather.js';

const APACHE = keysFor('apache');
const required = APACHE.filter((key) => !answerSpec(key).optional);
const optional = APACHE.filter((key) => answerSpec(key).optional);
const quiet = APACHE.filter((key) => answerSpec(key).optional === 'quiet');

describe('gathering answers', () => {
  it('the apache answers have required, asked-optional and quiet ones (else the checks below prove little)', () => {
    assert.ok(required.includes('name') && optional.includes('tls') && quiet.includes('httpsPort'), `${required} | ${optional} | ${quiet}`);
  });

  it('without a terminal only the required missing answers are asked for (and so refuse the run)', () => {
    const plan = planQuestions(APACHE, {}, {}, { interactive: false, defaults: false, ambiguous: false });
    assert.deepEqual(plan.missing, APACHE);
    assert.deepEqual(plan.toAsk, required);
    assert.deepEqual(plan.defaulted, []);
    assert.match(missingAnswers(plan.toAsk).problems[0], /^missing answers: name, .*; this run cannot ask .*--defaults/);
  });

  it('in a terminal every missing answer but the quiet ones is asked', () => {
    const plan = planQuestions(APACHE, {}, {}, { interactive: true, defaults: false, ambiguous: false });
    assert.deepEqual(plan.toAsk, APACHE.filter((key) => !quiet.includes(key)));
  });

  it('--defaults asks nothing, except flaskApp when no single app was found', () => {
    assert.deepEqual(planQuestions(APACHE, {}, {}, { interactive: true, defaults: true, ambiguous: false }).toAsk, []);
    assert.deepEqual(planQuestions(keysFor('wsgi'), {}, {}, { interactive: false, defaults: true, ambiguous: true }).toAsk, ['flaskApp']);
  });

  it('a project recorded by an earlier version: the optional answers it lacks are named as defaulted', () => {
    const previous = Object.fromEntries(required.map((key) => [key, 'x']));
    const given = Object.fromEntries(required.map((key) => [key, 'x']));
    const plan = planQuestions(APACHE, given, previous, { interactive: false, defaults: false, ambiguous: false });
    assert.deepEqual(plan.toAsk, []);
    assert.deepEqual(plan.defaulted, optional);
  });

  it('answers that name package (from before flaskApp existed) leave flaskApp to follow from them', () => {
    const plan = planQuestions(['package', 'flaskApp'], { package: 'shop' }, {}, { interactive: true, defaults: false, ambiguous: false });
    assert.deepEqual(plan.missing, []);
  });

  it('sources merge in order, later ones winning, and every problem of every source is kept', () => {
    const { given, problems } = mergeSources([
      { label: '.yo-rc.json', read: () => ({ name: 'recorded', port: 80 }), coerce: false },
      { label: 'answers file a.yml', read: () => ({ port: 'eighty' }), coerce: false },
      { label: 'command line', read: () => answersFromOptions({ name: 'given', 'server-name': 'shop.example.org', daemon: '' }), coerce: true },
    ]);
    assert.equal(given.name, 'given');
    assert.equal(given.port, 80);
    assert.equal(given.serverName, 'shop.example.org');
    assert.equal(given.daemon, true, 'a bare --daemon switch means true');
    assert.deepEqual(problems.map((line) => line.split(':')[0]), ['port']);
    assert.match(problems[0], /answers file a\.yml/);
  });
});
