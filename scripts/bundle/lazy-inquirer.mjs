// Stands in for @yeoman/adapter's inquirer.js in the bundled command: the prompt library
// (inquirer, rxjs, the editor prompt's encodings) loads on the first question, not on every run.
// scripts/bundle.mjs points 'real-inquirer' at the module this replaces.
export const createAdapterPromptModule = (parameter) => {
  let promptModule;
  return async (questions, initialAnswers) => {
    promptModule ??= (await import('real-inquirer')).createAdapterPromptModule(parameter);
    return promptModule(questions, initialAnswers);
  };
};
