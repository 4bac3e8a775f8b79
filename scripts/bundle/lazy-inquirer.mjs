// Stands in for @yeoman/adapter's inquirer.js in the command's heavy half (dist/bin/run.cjs): the
// prompt library (inquirer, rxjs, the editor prompt's encodings) is bundled apart, as
// dist/bin/prompts.js, and loads on the first question, not on every run.
// scripts/bundle.mjs makes `import.meta.url` the bundle's own URL (dist/bin/run.cjs).
export const createAdapterPromptModule = (parameter) => {
  let promptModule;
  return async (questions, initialAnswers) => {
    promptModule ??= (await import(new URL('./prompts.js', import.meta.url).href)).createAdapterPromptModule(parameter);
    return promptModule(questions, initialAnswers);
  };
};
